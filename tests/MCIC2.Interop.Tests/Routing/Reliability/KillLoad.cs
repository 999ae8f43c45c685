using System.Diagnostics;
using System.Net;
using MCIC2.Interop.Simulators.RecordingPartner;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>What a kill run measured.</summary>
public sealed record KillLoadFigures(
    int Messages,
    int AcceptedBeforeKill,
    int InFlightAtKill,
    int FailedPosts,
    int ExpectedDeliveries,
    int ReceivedDeliveries,
    int Redeliveries,
    TimeSpan Posting,
    TimeSpan UntilAllDelivered,
    TimeSpan Restart);

/// <summary>
/// The kill scenario shared by the profiles: the SDIS 35 reports <see cref="Incidents"/> fires (one RC-EDA creation
/// each, then RC-RI updates of its engaged vehicle), posted by several client tasks, each posting its incidents'
/// messages in order; the hub process is SIGKILLed once <see cref="KillAfterAccepted"/> messages were accepted and
/// restarted on the same store, every post that got no 202 is re-posted with the same bytes, and the recording partner's
/// ledger is held to the <see cref="DeliveryPromise"/>: nothing lost, each incident in order at each partner, no
/// duplicate once deduplicated by id, one RC-REF per message.
/// </summary>
public sealed class KillLoad(HubProcess hub, RecordingPartner partners, Func<Task<int>> inFlightInBus, Action<string> report)
{
    public const string Sender = "fr.fire.sdis35";

    /// <summary>
    /// Who the shipped rules tell (rules.json, communes-merged.csv, force-zones.csv): the example fire is in Guichen
    /// (35580 → 35126, gendarmerie zone), so the competent force is the CORG 35 (which speaks EMSI: it gets each message translated);
    /// its health motive (M01.01 vital distress) and victims bring in the SAMU 35, which also subscribes to RC-RI in
    /// the 35. The SDIS 35 is the sender: it is never told its own message, it gets one RC-REF per message.
    /// </summary>
    public static readonly string[] Recipients = ["fr.gendarmerie.corg35", "fr.health.samu35"];

    public int Incidents { get; init; } = 100;
    public int MessagesPerIncident { get; init; } = 50;
    public int Clients { get; init; } = 10;
    public int KillAfterAccepted { get; init; } = 2_000;
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromMinutes(4);

    public int Messages => Incidents * MessagesPerIncident;

    /// <summary>The load: <see cref="Incidents"/> fires of the SDIS 35, ids tagged <c>KILL-RUN</c>.</summary>
    public IReadOnlyList<LoadMessage> Build(string run) =>
        new IncidentLoad { Senders = [Sender], Incidents = Incidents, MessagesPerIncident = MessagesPerIncident }.Build($"KILL-{run}");

    /// <summary>Posts everything, kills and restarts the hub mid-way, waits for every delivery; returns the figures.</summary>
    public async Task<KillLoadFigures> RunAsync(IReadOnlyList<LoadMessage> messages)
    {
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        var failedPosts = 0;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlightAtKill = -1;
        var acceptedBeforeKill = 0;
        var restartTime = TimeSpan.Zero;

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = hub.BaseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };

        // The killer: SIGKILL once enough was accepted, look at what the bus still held, start the hub again.
        var killer = Task.Run(async () =>
        {
            while (Volatile.Read(ref accepted) < KillAfterAccepted) await Task.Delay(5);
            await hub.KillAsync();
            acceptedBeforeKill = Volatile.Read(ref accepted);
            inFlightAtKill = await inFlightInBus();
            report($"killed the hub after {acceptedBeforeKill} accepted messages ({clock.Elapsed.TotalSeconds:0.0} s); {inFlightAtKill} accepted messages still in the bus");
            killed.TrySetResult();
            var restartClock = Stopwatch.StartNew();
            await hub.StartAsync(TimeSpan.FromSeconds(60));
            restartTime = restartClock.Elapsed;
            report($"hub restarted in {restartTime.TotalSeconds:0.0} s");
            restarted.TrySetResult();
        });

        // The clients: each its own incidents, round robin between them, each incident strictly in order (a message
        // is posted only once the previous one of its incident was answered 202).
        var byIncident = messages.GroupBy(m => m.Incident).OrderBy(g => g.Key).Select(g => g.OrderBy(m => m.Sequence).ToList()).ToList();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var mine = byIncident.Where((_, i) => i % Clients == client).ToList();
            for (var sequence = 0; sequence < MessagesPerIncident; sequence++)
            {
                foreach (var incident in mine)
                {
                    var message = incident[sequence];
                    while (!await PostAsync(http, message))
                    {
                        Interlocked.Increment(ref failedPosts);
                        // No answer or not 202 (killed, restarting, or 503 while it recovers): wait a little, or until the
                        // hub is back, then post the very same bytes again.
                        if (restarted.Task.IsCompleted) await Task.Delay(100);
                        else await Task.WhenAny(restarted.Task, Task.Delay(200));
                        if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"{message.DistributionId} not accepted in 5 minutes");
                    }
                    Interlocked.Increment(ref accepted);
                }
            }
        })).ToList();

        await Task.WhenAll(clients);
        var posting = clock.Elapsed;
        await killer;
        report($"{messages.Count} messages accepted in {posting.TotalSeconds:0.0} s ({messages.Count / posting.TotalSeconds:0} msg/s including the kill and restart); {failedPosts} posts failed and were re-posted");

        var promise = new DeliveryPromise(messages, Recipients);
        await promise.WaitForAllAsync(partners.Ledger, DeliveryTimeout, () => hub.Tail());
        var untilDelivered = clock.Elapsed;
        report($"all deliveries received {untilDelivered.TotalSeconds:0.0} s after the first post");
        var ledger = await promise.AssertKeptAsync(partners.Ledger, report, () => hub.Tail());
        return new KillLoadFigures(messages.Count, acceptedBeforeKill, inFlightAtKill, failedPosts,
            promise.ExpectedDeliveries, ledger.All.Count, ledger.Redeliveries, posting, untilDelivered, restartTime);
    }

    private static async Task<bool> PostAsync(HttpClient http, LoadMessage message)
    {
        try
        {
            using var content = new ByteArrayContent(message.Bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri("messages", UriKind.Relative), content);
            if (response.StatusCode == HttpStatusCode.Accepted) return true;
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                // Invalid input is never worth re-posting: the test's messages are wrong.
                throw new InvalidOperationException($"{message.DistributionId} refused: {await response.Content.ReadAsStringAsync()}");
            }
            return false;
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }
}
