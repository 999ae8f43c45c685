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

    /// <summary>When the hub last changed it (its clock); what the retention of incidents counts from. Null for an
    /// incident stored before the hub recorded it.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Per sender, the <c>sentAt</c> of the last message applied: an older one is out of sequence.</summary>
    public Dictionary<string, DateTimeOffset> LastAppliedBySender { get; set; } = [];

    /// <summary>The sender of the RC-EDA that created the case: only it may re-send the creation (kind Report).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Distribution ids of the messages applied, so that applying one twice changes nothing even if the
    /// store's deduplication were bypassed (e.g. a held message released twice).</summary>
    public List<string> AppliedDistributionIds { get; set; } = [];

    /// <summary>
    /// Resources their partner stopped reporting, with the <c>sentAt</c> of the first RC-RI snapshot that left them
    /// out. They stay in the incident: a resource engaged on a case never disappears silently.
    /// </summary>
    public Dictionary<string, DateTimeOffset> ResourcesUnreportedSince { get; set; } = [];

    /// <summary>Per format, the message whose uninterpreted residue <see cref="Incident.Preserved"/> keeps: the most
    /// recently sent one, whatever the arrival order.</summary>
    public Dictionary<string, Provenance> PreservedFrom { get; set; } = [];
}
