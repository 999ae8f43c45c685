using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Tests.Routing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>
/// One partner's delivery worker over a real (SQLite) outbox, a scripted partner and a fake clock. Stepping the
/// worker by hand and jumping the clock to each wait it asks for tests hours of back-off without sleeping.
/// </summary>
public sealed class DeliveryBench : IAsyncDisposable
{
    public static readonly Partner Sdis35 = new("fr.fire.sdis35", PartnerKind.Sdis, "SDIS 35", ["RC-EDA"], "cisu-json", "scripted", "http://sdis35.test/messages");

    private readonly DeliveryRoute? _route;

    private DeliveryBench(TestDatabase database, DeliveryOptions options, DeliveryRoute? route)
    {
        Database = database;
        Options = options;
        _route = route;
        Worker = NewWorker();
    }

    public TestDatabase Database { get; }
    public DeliveryOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(TestDeliveries.Start);
    public ScriptedPartner Partner { get; } = new();
    public RecordedDeliveryEvents Events { get; } = new();
    public PartnerDeliveryWorker Worker { get; private set; }

    /// <summary>The waits the worker asked for, in order.</summary>
    public List<TimeSpan> Waits { get; } = [];

    /// <param name="route">a real channel and its partner instead of the scripted SDIS 35.</param>
    public static async Task<DeliveryBench> StartAsync(DeliveryOptions? options = null, DeliveryRoute? route = null) =>
        new(await TestDatabase.CreateAsync(Storage.Database.Sqlite), options ?? new DeliveryOptions(), route);

    /// <summary>A new worker on the same outbox: what a restart of the hub gives.</summary>
    public PartnerDeliveryWorker NewWorker() =>
        Worker = new PartnerDeliveryWorker(Route, Database.Outbox, Events, Options, Time);

    /// <summary>The SDIS 35's primary queue on the scripted partner, or the route the bench was given.</summary>
    public DeliveryRoute Route => _route ?? new(Sdis35.Id, Partner, Sdis35.Address);

    public Task EnqueueAsync(params string[] deliveryIds) =>
        Database.EnqueueAsync([.. deliveryIds.Select(id => TestDeliveries.To(Sdis35.Id, id, createdAt: Time.GetUtcNow()))]);

    /// <summary>One step; when the worker asks to wait, the clock jumps to the end of the wait.</summary>
    public async Task<WorkerStep> StepAsync()
    {
        var step = await Worker.StepAsync();
        if (step is { Kind: WorkerStepKind.Wait, ResumeAt: { } resumeAt })
        {
            Waits.Add(resumeAt - Time.GetUtcNow());
            Time.SetUtcNow(resumeAt);
        }
        return step;
    }

    /// <summary>Steps until the queue is empty or <paramref name="until"/> holds.</summary>
    public async Task DrainAsync(Func<bool>? until = null, int maxSteps = 10_000)
    {
        for (var steps = 0; steps < maxSteps; steps++)
        {
            if (until?.Invoke() == true) return;
            if ((await StepAsync()).Kind == WorkerStepKind.Idle) return;
        }
        Assert.Fail($"The worker did not settle in {maxSteps} steps.");
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
