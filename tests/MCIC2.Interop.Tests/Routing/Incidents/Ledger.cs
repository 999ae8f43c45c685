using System.Text.Json;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Tests.Routing.Incidents;

/// <summary>What the tests assert on outcomes, and the ledger as the pipeline drives it.</summary>
internal static class Ledger
{
    public static readonly IncidentLedger Default = new();

    public static StoredIncident Applied(ApplyOutcome outcome)
    {
        Assert.IsInstanceOfType<ApplyOutcome.Applied>(outcome, $"expected Applied, got {outcome}");
        return ((ApplyOutcome.Applied)outcome).Incident;
    }

    /// <summary>Applies the messages in order, each to the incident the previous one left; all must apply.</summary>
    public static StoredIncident ApplyAll(DateTimeOffset now, params CanonicalMessage[] messages)
    {
        StoredIncident? current = null;
        foreach (var message in messages) current = Applied(Default.Apply(current, message, now));
        return current!;
    }

    public static string Json(StoredIncident incident) => JsonSerializer.Serialize(incident, CanonicalJson.Options);
}
