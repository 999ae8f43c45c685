using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>One partner message of a load, with the bytes sent (and sent again, unchanged, after a failure).</summary>
public sealed record LoadMessage(string Sender, int Incident, int Sequence, string CaseId, string DistributionId, string Family, byte[] Bytes);

/// <summary>
/// The load of the reliability tests: <see cref="Incidents"/> fires, each reported by one of the <see cref="Senders"/>
/// (in turn): an RC-EDA creation, then RC-RI updates of its engaged vehicle, <see cref="MessagesPerIncident"/> in all.
/// </summary>
public sealed class IncidentLoad
{
    public required IReadOnlyList<string> Senders { get; init; }
    public int Incidents { get; init; } = 100;
    public int MessagesPerIncident { get; init; } = 50;

    /// <summary>The INSEE code of the fires' commune; null keeps the example's (Guichen, 35580 → 35126, gendarmerie zone).</summary>
    public string? Commune { get; init; }

    public int Messages => Incidents * MessagesPerIncident;

    /// <summary>Per incident: the creation then updates, sentAt one second apart, the vehicle's status alternating
    /// (each one a change: every message is applied and routed, none is merely acknowledged). Ids are
    /// <c>SENDER_RUN-III-SS</c>, case ids <c>SENDER.RUN-III</c>.</summary>
    public IReadOnlyList<LoadMessage> Build(string run)
    {
        // Recent times: nothing may expire (dateTimeExpires = sentAt + 1 day) while the test runs.
        var start = TestClock.Now().AddHours(-1);
        var messages = new List<LoadMessage>(Messages);
        for (var incident = 0; incident < Incidents; incident++)
        {
            var sender = Senders[incident % Senders.Count];
            var caseId = $"{sender}.{run}-{incident:D3}";
            for (var sequence = 0; sequence < MessagesPerIncident; sequence++)
            {
                var id = $"{sender}_{run}-{incident:D3}-{sequence:D2}";
                var sentAt = start.AddSeconds(sequence);
                CanonicalMessage message;
                if (sequence == 0)
                {
                    message = PartnerMessages.Message(PartnerMessages.FireCase, sender, id, sentAt);
                    message.Incident!.Identity.SenderCaseId = $"{run}-{incident:D3}";
                    if (Commune is { } commune) message.Incident.Location!.Commune = new Commune { InseeCode = commune };
                }
                else
                {
                    message = PartnerMessages.Message(PartnerMessages.FireResources, sender, id, sentAt, kind: "Update");
                    var vehicle = message.Incident!.Resources.Single();
                    vehicle.StatusHistory = [new ResourceStatus { Status = sequence % 2 == 1 ? "DEPART" : "ARRIVEE", At = sentAt, Available = false }];
                }
                message.Incident!.Identity.CaseId = caseId;
                messages.Add(new LoadMessage(sender, incident, sequence, caseId, id, message.Family, CisuCodec.Shared.Encode(message, CisuEncoding.Json)));
            }
        }
        return messages;
    }
}

/// <summary>
/// What the ledger of a load must show, whatever the channel and whatever broke on the way: each message at each of
/// the <paramref name="recipients"/>, once after deduplication by delivery id, each incident in the order sent;
/// nothing else at them; each sender one RC-REF per message it sent, nothing else, in its incidents' order.
/// </summary>
public sealed class DeliveryPromise(IReadOnlyList<LoadMessage> messages, IReadOnlyList<string> recipients)
{
    /// <summary>Delivery id (<c>DISTRIBUTION-ID@PARTNER</c>) → message, of every message each recipient must receive.</summary>
    private readonly Dictionary<string, Dictionary<string, LoadMessage>> _expected =
        recipients.ToDictionary(p => p, p => messages.ToDictionary(m => $"{m.DistributionId}@{p}"));

    private readonly Dictionary<string, int> _sentBy = messages.GroupBy(m => m.Sender).ToDictionary(g => g.Key, g => g.Count());

    public IReadOnlyList<string> Recipients => recipients;

    public IEnumerable<string> Senders => _sentBy.Keys;

    /// <summary>Deliveries to the recipients plus one RC-REF per message.</summary>
    public int ExpectedDeliveries => _expected.Values.Sum(e => e.Count) + messages.Count;

    /// <summary>As many distinct deliveries as promised have come (they are judged by <see cref="Breaches"/>).</summary>
    public bool AllArrived(Ledger ledger) =>
        recipients.All(p => ledger.Of(p).Count >= _expected[p].Count) && _sentBy.All(s => ledger.Of(s.Key).Count >= s.Value);

    public string Summary(Ledger ledger) =>
        string.Join("; ", recipients.Select(p => $"{p} {ledger.Of(p).Count}/{_expected[p].Count}"))
        + "; " + string.Join("; ", _sentBy.Select(s => $"{s.Key} (RC-REF) {ledger.Of(s.Key).Count}/{s.Value}"))
        + $"; received in all {ledger.All.Count}, redeliveries {ledger.Redeliveries}"
        + $"; partners heard from: {string.Join(", ", ledger.Distinct.GroupBy(r => r.PartnerId).Select(g => $"{g.Key} {g.Count()}"))}";

    /// <summary>Waits until <see cref="AllArrived"/> holds for <paramref name="ledger"/>, failing the test with what
    /// came and <paramref name="diagnostics"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForAllAsync(Func<Ledger> ledger, TimeSpan timeout, Func<string> diagnostics)
    {
        Ledger now = ledger();
        if (!await Poll.UntilAsync(() => AllArrived(now = ledger()), timeout, TimeSpan.FromMilliseconds(250)))
            Assert.Fail($"not everything was delivered within {timeout}: {Summary(now)}{diagnostics()}");
    }

    /// <summary>Once everything arrived: reports each partner's arrivals and the redeliveries, then fails the test at
    /// any breach of the promise. Returns the ledger judged.</summary>
    public async Task<Ledger> AssertKeptAsync(Func<Ledger> ledger, Action<string> report, Func<string> diagnostics)
    {
        // A moment more: a late redelivery or stray message must show up in the ledger before it is judged.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var judged = ledger();
        // Where the time goes: each partner's worker delivers strictly one at a time.
        foreach (var partner in recipients.Concat(Senders))
        {
            var arrivals = judged.All.Where(r => r.PartnerId == partner).Select(r => r.ReceivedAt).Order().ToList();
            var window = arrivals[^1] - arrivals[0];
            report($"{partner}: {arrivals.Count} received between {arrivals[0]:HH:mm:ss.fff} and {arrivals[^1]:HH:mm:ss.fff} ({arrivals.Count / Math.Max(window.TotalSeconds, 0.001):0} deliveries/s)");
        }
        report(Redeliveries(judged));
        var breaches = Breaches(judged);
        if (breaches.Count > 0) Assert.Fail($"the ledger breaks the promise:{Environment.NewLine}{string.Join(Environment.NewLine, breaches)}{diagnostics()}");
        return judged;
    }

    /// <summary>The redeliveries (same delivery id received again), for the test's output.</summary>
    public static string Redeliveries(Ledger ledger)
    {
        var redelivered = ledger.All.GroupBy(r => r.DeliveryId).Where(g => g.Count() > 1).ToList();
        return $"redeliveries: {ledger.Redeliveries} of {ledger.All.Count} received ({(ledger.All.Count == 0 ? 0 : 100.0 * ledger.Redeliveries / ledger.All.Count):0.00} %)"
            + (redelivered.Count == 0 ? "" : ": " + string.Join(", ", redelivered.Take(50).Select(g => $"{g.Key} ×{g.Count()}")) + (redelivered.Count > 50 ? ", …" : ""));
    }

    /// <summary>Every way the ledger breaks the promise: lost, unexpected, out of order, replies other than one RC-REF
    /// per message, a delivery id twice after deduplication. Empty when the promise is kept.</summary>
    public IReadOnlyList<string> Breaches(Ledger ledger)
    {
        var problems = new List<string>();
        foreach (var partner in recipients)
        {
            var expected = _expected[partner];
            var received = ledger.Of(partner);
            var unexpected = received.Where(r => !expected.ContainsKey(r.DeliveryId)).Select(r => r.DeliveryId).ToList();
            var missing = expected.Keys.Except(received.Select(r => r.DeliveryId)).ToList();
            if (missing.Count > 0) problems.Add($"{partner}: {missing.Count} lost, e.g. {string.Join(", ", missing.Take(5))}");
            if (unexpected.Count > 0) problems.Add($"{partner}: {unexpected.Count} unexpected, e.g. {string.Join(", ", unexpected.Take(5))}");
            problems.AddRange(OutOfOrder(partner, received.Where(r => expected.ContainsKey(r.DeliveryId)).Select(r => expected[r.DeliveryId])));
        }
        foreach (var sender in _sentBy.Keys) problems.AddRange(ReplyBreaches(ledger, sender));

        var strangers = ledger.Distinct.Select(r => r.PartnerId).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(p => !recipients.Contains(p, StringComparer.OrdinalIgnoreCase) && !_sentBy.ContainsKey(p)).ToList();
        if (strangers.Count > 0) problems.Add($"deliveries to partners outside the load: {string.Join(", ", strangers)}");

        var duplicates = ledger.Distinct.GroupBy(r => r.DeliveryId).Count(g => g.Count() > 1);
        if (duplicates > 0) problems.Add($"{duplicates} delivery ids twice after dedup");
        return problems;
    }

    /// <summary>A sender gets one RC-REF per message, nothing else (an RS-ERROR would say a message was refused, e.g.
    /// out of sequence), in its incidents' order.</summary>
    private IEnumerable<string> ReplyBreaches(Ledger ledger, string sender)
    {
        var sent = messages.Where(m => m.Sender == sender).ToDictionary(m => m.DistributionId);
        var replies = ledger.Of(sender).Select(r => CisuCodec.Shared.Decode(r.Body).Message).ToList();
        var errors = replies.Where(r => r.Family != MessageFamilies.Reference).ToList();
        if (errors.Count > 0) yield return $"{sender}: {errors.Count} replies other than RC-REF, e.g. {string.Join(" | ", errors.Take(3).Select(e => $"{e.Family} {e.Error?.StatusCode} {e.Error?.Cause}"))}";
        var acknowledged = replies.Where(r => r.Family == MessageFamilies.Reference).Select(r => r.Acknowledgement!.AcknowledgedDistributionId).ToList();
        var notAcknowledged = sent.Keys.Except(acknowledged).ToList();
        if (notAcknowledged.Count > 0) yield return $"{sender}: {notAcknowledged.Count} messages without RC-REF, e.g. {string.Join(", ", notAcknowledged.Take(5))}";
        var acknowledgedTwice = acknowledged.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (acknowledgedTwice.Count > 0) yield return $"{sender}: {acknowledgedTwice.Count} messages acknowledged by two distinct RC-REF ids, e.g. {string.Join(", ", acknowledgedTwice.Take(5))}";
        foreach (var problem in OutOfOrder($"{sender} (RC-REF)", acknowledged.Where(sent.ContainsKey).Select(a => sent[a]))) yield return problem;
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
