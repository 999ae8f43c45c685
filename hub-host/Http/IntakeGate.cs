using System.Diagnostics;
using MCIC2.Interop.Routing.Pipeline;
using Wolverine;
using Wolverine.Runtime;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// Keeps <c>POST /messages</c> closed (503, Retry-After) after a start until every message a previous run accepted
/// and did not finish (a crash, a kill) has been processed, in the order it was accepted. Found by the kill tests
/// (tests/.../Routing/Reliability), two ways an incident's order broke after a restart:
/// <list type="bullet">
/// <item>a message accepted after the restart is queued in memory at once, while the recovered ones of the same incident
/// are loaded from the store seconds later: the newer update was applied first, the older ones refused
/// WRONG_MESSAGE_SEQUENCE — accepted messages lost to their recipients;</item>
/// <item>Wolverine replays a queue's backlog page by page, each page sorted but the pages read in no order (on
/// PostgreSQL the heap order, shuffled by updates): same refusals.</item>
/// </list>
/// So the host replays the previous run's messages itself, each incident in acceptance order (<see cref="AcceptedMessage.ReceivedAt"/>),
/// while the <see cref="RecoveryBarrier"/> holds the bus's handler; the bus's copies then come as duplicates.
/// <para>Single-node stores only (<c>Solo</c>: embedded, or postgres with <c>Hub:SingleNode</c>): there, with the intake
/// closed, the bus's incoming messages are exactly the previous run's. Several nodes share their store's incoming
/// messages, and a Kafka intake keeps its order in the topic: gate and barrier are open at once.</para>
/// </summary>
public sealed class IntakeGate
{
    private volatile bool _open;

    public bool IsOpen => _open;

    internal void Open() => _open = true;
}

/// <summary>
/// Replays what a previous run left in the bus, in order, then opens the <see cref="IntakeGate"/>. Registered after the
/// bus, so it starts once the bus's store is ready: with nothing left, gate and barrier are open when the host's start
/// returns; otherwise the replay runs in the background and the intake answers 503 meanwhile.
/// </summary>
public sealed class OpenIntakeAfterRecovery(
    IntakeGate gate, RecoveryBarrier barrier, IWolverineRuntime runtime, IIntakeQueue intake, IMessageProcessor processor, ILogger<OpenIntakeAfterRecovery> log) : IHostedService
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Failed replays (the store unreachable) before falling back on the bus's own replay, rather than never start.</summary>
    public const int ReplayAttempts = 25;

    private readonly CancellationTokenSource _stopping = new();
    private Task _recovery = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Options.Durability.Mode != DurabilityMode.Solo || intake is not LocalIncidentQueue)
        {
            barrier.Open();
            gate.Open();
            return;
        }
        try
        {
            if ((await LeftByPreviousRunAsync()).Count == 0)
            {
                barrier.Open();
                gate.Open();
                return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not read the bus's incoming messages at start; trying again in the background");
        }
        _recovery = Task.Run(() => RecoverAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try { await _recovery.WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { }
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var replayed = await ReplayInOrderAsync(stoppingToken);
        barrier.Open();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The bus's own copies of what was replayed: handled as duplicates, they leave no incoming message.
                if ((await runtime.Storage.Admin.FetchCountsAsync()).Incoming == 0)
                {
                    gate.Open();
                    log.LogInformation("Intake open: the {Count} messages left in the bus by the previous run were handled in {Elapsed}", replayed, clock.Elapsed);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not count the bus's incoming messages; the intake stays closed");
            }
            await Task.Delay(Poll, stoppingToken);
        }
    }

    private async Task<int> ReplayInOrderAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var left = await LeftByPreviousRunAsync();
                if (left.Count == 0) return 0;
                log.LogInformation("Intake closed until the {Count} messages left in the bus by the previous run are handled, in their incidents' order", left.Count);
                await Parallel.ForEachAsync(left.GroupBy(m => m.IncidentKey), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken },
                    async (incident, ct) =>
                    {
                        foreach (var message in incident.OrderBy(m => m.ReceivedAt)) await processor.ProcessAsync(message, ct);
                    });
                return left.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store not migrated yet (the first moments of a first start) or unreachable: try again. What was
                // replayed already comes again as a duplicate.
                if (attempt >= ReplayAttempts)
                {
                    log.LogError(e, "Could not replay the previous run's messages in order; the bus replays them in its own order");
                    return 0;
                }
                if (attempt > 5) log.LogWarning(e, "Could not replay the previous run's messages yet (attempt {Attempt})", attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>The accepted messages still incoming in the bus: with the intake closed, the previous run's.</summary>
    private async Task<List<AcceptedMessage>> LeftByPreviousRunAsync()
    {
        var serializer = runtime.Options.DefaultSerializer;
        return (await runtime.Storage.Admin.AllIncomingAsync())
            .Where(e => e.Status == EnvelopeStatus.Incoming && e.MessageType == typeof(AcceptedMessage).FullName && e.Data is { Length: > 0 })
            .Select(e => (AcceptedMessage)serializer.ReadFromData(typeof(AcceptedMessage), e))
            .ToList();
    }
}

/// <summary>The intake as every channel sees it (<c>POST /messages</c>, the HubEx dispatcher): while the
/// <see cref="IntakeGate"/> is closed, or the <see cref="IntakeBacklog"/> full, their messages stay with their side
/// (503 over HTTP), to come again.</summary>
public sealed class GatedIntake(IntakeGate gate, IntakeBacklog backlog, MessageIntake intake) : MCIC2.Interop.PartnerLinks.Channels.IMessageIntake
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public async Task<MCIC2.Interop.PartnerLinks.Channels.IntakeVerdict> ReceiveAsync(MCIC2.Interop.PartnerLinks.Channels.InboundMessage message, CancellationToken cancellationToken)
    {
        if (!gate.IsOpen)
            return new MCIC2.Interop.PartnerLinks.Channels.IntakeVerdict.NotNow(RetryAfter, "the hub is restarting: messages it accepted before are being processed first, in order");
        if (await backlog.IsFullAsync())
            return new MCIC2.Interop.PartnerLinks.Channels.IntakeVerdict.NotNow(RetryAfter, $"the hub has {backlog.MaxBacklog} or more messages waiting to be routed: post again shortly");
        return await intake.ReceiveAsync(message, cancellationToken);
    }
}
