using System.Diagnostics;
using System.Net;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>One partner message of the load, with the bytes posted (and re-posted, unchanged, after a failure).</summary>
public sealed record LoadMessage(int Incident, int Sequence, string CaseId, string DistributionId, string Family, byte[] Bytes);

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
/// ledger is checked: nothing lost, each incident in order at each partner, no duplicate once deduplicated by id.
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

    /// <summary>Per incident: the creation then updates, sentAt one second apart, the vehicle's status alternating
    /// (each one a change: every message is applied and routed, none is merely acknowledged).</summary>
    public IReadOnlyList<LoadMessage> Build(string run)
    {
        // Recent times: nothing may expire (dateTimeExpires = sentAt + 1 day) while the test runs.
        var start = TestClock.Now().AddHours(-1);
        var messages = new List<LoadMessage>(Messages);
        for (var incident = 0; incident < Incidents; incident++)
        {
            var caseId = $"fr.fire.sdis35.KILL-{run}-{incident:D3}";
            for (var sequence = 0; sequence < MessagesPerIncident; sequence++)
            {
                var id = $"{Sender}_KILL-{run}-{incident:D3}-{sequence:D2}";
                var sentAt = start.AddSeconds(sequence);
                CanonicalMessage message;
                if (sequence == 0)
                {
                    message = PartnerMessages.Message(PartnerMessages.FireCase, Sender, id, sentAt);
                    message.Incident!.Identity.SenderCaseId = $"KILL-{run}-{incident:D3}";
                }
                else
                {
                    message = PartnerMessages.Message(PartnerMessages.FireResources, Sender, id, sentAt, kind: "Update");
                    var vehicle = message.Incident!.Resources.Single();
                    vehicle.StatusHistory = [new ResourceStatus { Status = sequence % 2 == 1 ? "DEPART" : "ARRIVEE", At = sentAt, Available = false }];
                }
                message.Incident!.Identity.CaseId = caseId;
                messages.Add(new LoadMessage(incident, sequence, caseId, id, message.Family, CisuCodec.Shared.Encode(message, CisuEncoding.Json)));
            }
        }
        return messages;
    }

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

        var expected = ExpectedDeliveries(messages);
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        Ledger ledger;
        while (true)
        {
            ledger = partners.Ledger();
            if (Recipients.All(p => ledger.Of(p).Count >= expected[p].Count) && ledger.Of(Sender).Count >= messages.Count) break;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not everything was delivered within {DeliveryTimeout}: {Summary(ledger, expected, messages.Count)}{hub.Tail()}");
            }
            await Task.Delay(250);
        }
        var untilDelivered = clock.Elapsed;
        report($"all deliveries received {untilDelivered.TotalSeconds:0.0} s after the first post");

        // Where the time goes: each partner's worker delivers strictly one at a time.
        foreach (var partner in Recipients.Append(Sender))
        {
            var arrivals = ledger.All.Where(r => r.PartnerId == partner).Select(r => r.ReceivedAt).Order().ToList();
            var window = arrivals[^1] - arrivals[0];
            report($"{partner}: {arrivals.Count} received between {arrivals[0]:HH:mm:ss.fff} and {arrivals[^1]:HH:mm:ss.fff} ({arrivals.Count / Math.Max(window.TotalSeconds, 0.001):0} deliveries/s)");
        }

        // A moment more: a late redelivery or stray message must show up in the ledger before it is judged.
        await Task.Delay(TimeSpan.FromSeconds(1));
        ledger = partners.Ledger();
        Check(ledger, messages, expected);
        return new KillLoadFigures(messages.Count, acceptedBeforeKill, inFlightAtKill, failedPosts,
            expected.Values.Sum(e => e.Count) + messages.Count, ledger.All.Count, ledger.Redeliveries, posting, untilDelivered, restartTime);
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

    /// <summary>Delivery id → (incident, sequence) of every message each recipient must receive.</summary>
    private static Dictionary<string, Dictionary<string, LoadMessage>> ExpectedDeliveries(IReadOnlyList<LoadMessage> messages) =>
        Recipients.ToDictionary(p => p, p => messages.ToDictionary(m => $"{m.DistributionId}@{p}"));

    private string Summary(Ledger ledger, Dictionary<string, Dictionary<string, LoadMessage>> expected, int messages) =>
        string.Join("; ", Recipients.Select(p => $"{p} {ledger.Of(p).Count}/{expected[p].Count}"))
        + $"; {Sender} (RC-REF) {ledger.Of(Sender).Count}/{messages}; received in all {ledger.All.Count}, redeliveries {ledger.Redeliveries}"
        + $"; partners heard from: {string.Join(", ", ledger.Distinct.GroupBy(r => r.PartnerId).Select(g => $"{g.Key} {g.Count()}"))}";

    /// <summary>0 lost, 0 unexpected, each incident in order at each partner, 0 duplicates once deduplicated by id.</summary>
    private void Check(Ledger ledger, IReadOnlyList<LoadMessage> messages, Dictionary<string, Dictionary<string, LoadMessage>> expected)
    {
        var problems = new List<string>();
        var bySource = messages.ToDictionary(m => m.DistributionId);
        foreach (var partner in Recipients)
        {
            var received = ledger.Of(partner);
            var unexpected = received.Where(r => !expected[partner].ContainsKey(r.DeliveryId)).Select(r => r.DeliveryId).ToList();
            var missing = expected[partner].Keys.Except(received.Select(r => r.DeliveryId)).ToList();
            if (missing.Count > 0) problems.Add($"{partner}: {missing.Count} lost, e.g. {string.Join(", ", missing.Take(5))}");
            if (unexpected.Count > 0) problems.Add($"{partner}: {unexpected.Count} unexpected, e.g. {string.Join(", ", unexpected.Take(5))}");
            problems.AddRange(OutOfOrder(partner, received.Where(r => expected[partner].ContainsKey(r.DeliveryId)).Select(r => expected[partner][r.DeliveryId])));
        }

        // The sender: one RC-REF per message, nothing else (an RS-ERROR would say a message was refused, e.g. out of sequence).
        var replies = ledger.Of(Sender).Select(r => (r.DeliveryId, Message: CisuCodec.Shared.Decode(r.Body).Message)).ToList();
        var errors = replies.Where(r => r.Message.Family != MessageFamilies.Reference).ToList();
        if (errors.Count > 0) problems.Add($"{Sender}: {errors.Count} replies other than RC-REF, e.g. {string.Join(" | ", errors.Take(3).Select(e => $"{e.Message.Family} {e.Message.Error?.StatusCode} {e.Message.Error?.Cause}"))}");
        var acknowledged = replies.Where(r => r.Message.Family == MessageFamilies.Reference).Select(r => r.Message.Acknowledgement!.AcknowledgedDistributionId).ToList();
        var notAcknowledged = bySource.Keys.Except(acknowledged).ToList();
        if (notAcknowledged.Count > 0) problems.Add($"{Sender}: {notAcknowledged.Count} messages without RC-REF, e.g. {string.Join(", ", notAcknowledged.Take(5))}");
        var acknowledgedTwice = acknowledged.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (acknowledgedTwice.Count > 0) problems.Add($"{Sender}: {acknowledgedTwice.Count} messages acknowledged by two distinct RC-REF ids, e.g. {string.Join(", ", acknowledgedTwice.Take(5))}");
        problems.AddRange(OutOfOrder($"{Sender} (RC-REF)", acknowledged.Where(bySource.ContainsKey).Select(a => bySource[a])));

        // Deduplicated by id, each delivery id appears once; redeliveries (same id received again) are counted.
        var duplicates = ledger.Distinct.GroupBy(r => r.DeliveryId).Count(g => g.Count() > 1);
        if (duplicates > 0) problems.Add($"{duplicates} delivery ids twice after dedup");
        var redelivered = ledger.All.GroupBy(r => r.DeliveryId).Where(g => g.Count() > 1).ToList();
        report($"redeliveries: {ledger.Redeliveries} of {ledger.All.Count} received ({(ledger.All.Count == 0 ? 0 : 100.0 * ledger.Redeliveries / ledger.All.Count):0.00} %)"
            + (redelivered.Count == 0 ? "" : ": " + string.Join(", ", redelivered.Select(g => $"{g.Key} ×{g.Count()}"))));

        if (problems.Count > 0) Assert.Fail($"the ledger breaks the promise:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}{hub.Tail()}");
    }

    /// <summary>Within each incident, what a partner received must come in the order the incident's messages were sent.</summary>
    private static IEnumerable<string> OutOfOrder(string partner, IEnumerable<LoadMessage> arrivals)
    {
        foreach (var incident in arrivals.GroupBy(m => m.CaseId))
        {
            var sequences = incident.Select(m => m.Sequence).ToList();
            for (var i = 1; i < sequences.Count; i++)
            {
                if (sequences[i] < sequences[i - 1])
                {
                    yield return $"{partner}: {incident.Key} out of order: {string.Join(",", sequences)}";
                    break;
                }
            }
        }
    }
}
