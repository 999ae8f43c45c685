using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>
/// An incident as the hub stores it: the canonical incident, the key partners' messages name it by (the shared
/// CISU caseId), a version for optimistic concurrency, and when each sender was last heard (to spot stale updates).
/// </summary>
public sealed class StoredIncident
{
    public string Key { get; set; } = "";
    public string HubId { get; set; } = "";
    public long Version { get; set; }
    public Incident Incident { get; set; } = new();

    /// <summary>Per sender, the <c>sentAt</c> of the last message applied: an older one is out of sequence.</summary>
    public Dictionary<string, DateTimeOffset> LastAppliedBySender { get; set; } = [];
}
