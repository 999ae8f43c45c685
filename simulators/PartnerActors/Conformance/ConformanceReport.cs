using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;

namespace MCIC2.Interop.Simulators.PartnerActors.Conformance;

/// <summary>One expected exchange and what happened: when it came (scenario time), or what is missing or forbidden.</summary>
public sealed record ExchangeOutcome(string Expected, bool Passed, string? At, string What);

/// <summary>A link the scenario cut (scenario time): whether it held (nothing reached the partner meanwhile) and how many
/// deliveries reached it when it came back — what had waited in the hub's outbox, or in its queues on the peer.</summary>
public sealed record OutageOutcome(string Link, string Cut, string Back, bool Held, int DeliveredWhenBack);

/// <summary>One line of the timeline: who sent what to whom, at what scenario time.</summary>
public sealed record TimelineEntry(string At, string From, string To, string Kind, string What);

/// <summary>The end of a scenario: every expected exchange with its outcome, pass/fail; as JSON and as readable text.</summary>
public sealed record ConformanceReport(string Scenario, string Title, bool Passed, IReadOnlyList<ExchangeOutcome> Exchanges, IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>The links the scenario cut (<c>at +T the link to PARTNER is cut for D</c>); a cut that did not hold fails the report.</summary>
    public IReadOnlyList<OutageOutcome> Outages { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The exchanges that failed, each named (<c>fr.fire.sdis69 → fr.health.samu69 EMSI-RDC by +03:00: missing</c>).</summary>
    public IReadOnlyList<ExchangeOutcome> Failures => [.. Exchanges.Where(e => !e.Passed)];

    public static ConformanceReport Of(Scenario scenario, IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<Delivery> deliveries)
    {
        var outcomes = scenario.Expectations.Select(e => Judge(e, deliveries)).ToList();
        var outages = scenario.Cuts.Select(cut =>
        {
            var to = deliveries.Where(d => Same(d.To, cut.PartnerId)).ToList();
            return new OutageOutcome(cut.PartnerId, ScenarioFile.Format(cut.At), ScenarioFile.Format(cut.Until),
                !to.Any(d => d.At > cut.At && d.At < cut.Until), to.Count(d => d.At == cut.Until));
        }).ToList();
        return new ConformanceReport(scenario.Name, scenario.Title, outcomes.All(o => o.Passed) && outages.All(o => o.Held), outcomes, timeline) { Outages = outages };
    }

    private static ExchangeOutcome Judge(Expectation expected, IReadOnlyList<Delivery> deliveries)
    {
        var to = deliveries.Where(d => Same(d.To, expected.To)).ToList();
        if (expected.ForbidsHealthData)
        {
            var carrying = to.Select(d => (Delivery: d, Found: HealthData.Found(d))).Where(c => c.Found is not null).ToList();
            return carrying.Count == 0
                ? new ExchangeOutcome(expected.ToString(), true, null, $"none in the {to.Count} deliveries it received")
                : new ExchangeOutcome(expected.ToString(), false, ScenarioFile.Format(carrying[0].Delivery.At),
                    $"received {string.Join(", ", carrying.Select(c => $"{c.Found} in a {c.Delivery.Kind} from {c.Delivery.From}"))}");
        }
        if (expected.IsForbidden)
        {
            return to.Count == 0
                ? new ExchangeOutcome(expected.ToString(), true, null, "nothing received")
                : new ExchangeOutcome(expected.ToString(), false, ScenarioFile.Format(to[0].At), $"received {string.Join(", ", to.Select(d => $"{d.Kind} from {d.From}"))}");
        }
        var matching = to.Where(d => Same(d.From, expected.From!) && d.Kind == expected.Kind).ToList();
        if (matching.Count == 0)
            return new ExchangeOutcome(expected.ToString(), false, null,
                $"missing: {expected.To} received no {expected.Kind} from {expected.From}{(to.Count == 0 ? "" : $" (it received {string.Join(", ", to.Select(d => $"{d.Kind} from {d.From}").Distinct())})")}");
        var first = matching[0];
        return first.At <= expected.By
            ? new ExchangeOutcome(expected.ToString(), true, ScenarioFile.Format(first.At), first.What)
            : new ExchangeOutcome(expected.ToString(), false, ScenarioFile.Format(first.At), $"late: at +{ScenarioFile.Format(first.At)}, after +{ScenarioFile.Format(expected.By!.Value)}");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"conformance report — {Scenario}: {Title}");
        foreach (var exchange in Exchanges)
            text.AppendLine($"  {(exchange.Passed ? "PASS" : "FAIL")}  {exchange.Expected,-62} {(exchange.At is null ? "" : $"at +{exchange.At}  ")}{exchange.What}");
        foreach (var outage in Outages)
            text.AppendLine($"  {(outage.Held ? "CUT " : "FAIL")}  link to {outage.Link} cut +{outage.Cut} → +{outage.Back}: "
                + $"{(outage.Held ? "nothing reached it meanwhile" : "it received deliveries while cut")}, {outage.DeliveredWhenBack} delivered when it came back");
        text.AppendLine($"  {(Passed ? "PASSED" : "FAILED")}: {Exchanges.Count(e => e.Passed)} of {Exchanges.Count} expected exchanges");
        return text.ToString();
    }
}

/// <summary>A delivery the hub made to a partner, as the player saw it (scenario time).</summary>
public sealed record Delivery(TimeSpan At, string From, string To, string Kind, string What, string ContentType, byte[] Body);
