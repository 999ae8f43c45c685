using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MCIC2.Interop.Routing.Telemetry;

/// <summary>
/// The hub's traces and metrics (names in docs/telemetry.md). One trace per message: <c>mcic2.intake</c> (child of the
/// HTTP request or the AMQP receipt when there is one), <c>mcic2.process</c> and one <c>mcic2.deliver</c> per attempt of
/// each delivery, all children of the intake span. The context crosses the durable bus in <c>AcceptedMessage.TraceParent</c>
/// and the outbox in <c>deliveries.trace_parent</c> (W3C <c>traceparent</c>): a delivery attempted after a restart, or
/// a day later, is still in its message's trace. Exported only when the host configures OpenTelemetry (OTLP).
/// </summary>
public static class HubTelemetry
{
    public const string Name = "MCIC2.Interop";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesIn = Meter.CreateCounter<long>("mcic2.messages.in", "{message}", "Messages accepted at the intake, by sender (partner) and family");

    public static readonly Counter<long> MessagesOut = Meter.CreateCounter<long>("mcic2.messages.out", "{message}", "Deliveries a partner took, by partner and family");

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("mcic2.delivery.latency", "s", "From the message's processing (its delivery created) to the partner taking it");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("mcic2.delivery.retries", "{attempt}", "Failed attempts that will be retried, by partner");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("mcic2.delivery.dead_letters", "{delivery}", "Deliveries dead-lettered (refused or out of attempts), by partner");

    private static volatile IReadOnlyDictionary<string, int> s_backlog = new Dictionary<string, int>();
    private static volatile IReadOnlyDictionary<string, bool> s_links = new Dictionary<string, bool>();

    /// <summary>Pending deliveries per partner, as last read from the outbox (<see cref="ReportBacklog"/>).</summary>
    public static readonly ObservableGauge<int> Backlog = Meter.CreateObservableGauge("mcic2.delivery.backlog",
        () => s_backlog.Select(b => new Measurement<int>(b.Value, new KeyValuePair<string, object?>("partner", b.Key))), "{delivery}", "Pending deliveries per partner, as last read");

    /// <summary>1 when an AMQP link is connected, 0 when not, as last read (<see cref="ReportLinks"/>).</summary>
    public static readonly ObservableGauge<int> LinkState = Meter.CreateObservableGauge("mcic2.link.connected",
        () => s_links.Select(l => new Measurement<int>(l.Value ? 1 : 0, new KeyValuePair<string, object?>("link", l.Key))), "{link}", "AMQP link connected (1) or not (0)");

    /// <summary>The outbox's pending counts per queue (a partner's primary and backup), summed per partner.</summary>
    public static void ReportBacklog(IReadOnlyDictionary<Delivery.DeliveryQueue, int> pendingPerQueue) =>
        s_backlog = pendingPerQueue.GroupBy(p => p.Key.PartnerId).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    public static void ReportLinks(IReadOnlyDictionary<string, bool> connected) => s_links = connected;

    /// <summary>A span continuing the trace named by a stored <c>traceparent</c> (none: a new trace, or the current one).</summary>
    public static Activity? StartContinuing(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
