using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>
/// Merges the resources a partner reports. A resource belongs to the partner that reported it (its provenance):
/// another partner's report never changes it. Resources are grouped by partner, so that the list does not depend on
/// which partner spoke first.
/// </summary>
internal static class ResourceMerge
{
    /// <summary>
    /// RC-RI: the full snapshot of <paramref name="owner"/>'s resources. A resource of that partner missing from the
    /// snapshot is kept (it was engaged; CISU releases a resource with status FIN, not by omission) and recorded as
    /// unreported since this snapshot, with a timeline entry, until a snapshot names it again.
    /// </summary>
    public static void Snapshot(StoredIncident stored, IReadOnlyList<EngagedResource> snapshot, MessageSource from, List<string> changes)
    {
        var incident = stored.Incident;
        foreach (var resource in snapshot)
        {
            Upsert(incident, resource, from.Sender, changes);
            if (stored.ResourcesUnreportedSince.Remove(resource.ResourceId)) changes.Add($"resource {resource.ResourceId} reported again");
        }
        var reported = snapshot.Select(r => r.ResourceId).ToHashSet();
        foreach (var missing in incident.Resources.Where(r => r.Provenance?.Partner == from.Sender && !reported.Contains(r.ResourceId)))
        {
            if (!stored.ResourcesUnreportedSince.TryAdd(missing.ResourceId, from.SentAt)) continue;
            PartOrder.MergeTimeline(incident.Timeline, [new TimelineEntry
            {
                At = from.SentAt,
                Kind = "resource-unreported",
                Description = $"{missing.ResourceId} missing from the latest snapshot of {from.Sender}",
                Provenance = from.Provenance,
            }]);
            changes.Add($"resource {missing.ResourceId} unreported");
        }
    }

    /// <summary>Adds the resource, or updates the one of the same id and partner (fields sent replace fields kept).</summary>
    public static void Upsert(Incident incident, EngagedResource incoming, string owner, List<string> changes)
    {
        var existing = incident.Resources.FirstOrDefault(r => r.ResourceId == incoming.ResourceId && r.Provenance?.Partner == owner);
        if (existing is null)
        {
            PartOrder.Insert(incident.Resources, incoming, (a, b) => string.CompareOrdinal(a.Provenance?.Partner, b.Provenance?.Partner));
            changes.Add($"resource {incoming.ResourceId} engaged");
            return;
        }
        existing.DescribedAt = incoming.DescribedAt ?? existing.DescribedAt;
        existing.RequestId = incoming.RequestId ?? existing.RequestId;
        existing.MissionId = incoming.MissionId ?? existing.MissionId;
        existing.OperationId = incoming.OperationId ?? existing.OperationId;
        existing.OrganizationId = incoming.OrganizationId ?? existing.OrganizationId;
        existing.CenterName = incoming.CenterName ?? existing.CenterName;
        existing.CenterCity = incoming.CenterCity ?? existing.CenterCity;
        existing.VehicleType = incoming.VehicleType ?? existing.VehicleType;
        existing.Name = incoming.Name ?? existing.Name;
        existing.Team = incoming.Team ?? existing.Team;
        existing.Contact = incoming.Contact ?? existing.Contact;
        if (incoming.FreeText.Count > 0) existing.FreeText = incoming.FreeText;
        if (incoming.Position is { } position && (existing.Position is null || position.At >= existing.Position.At)) existing.Position = position;
        existing.Provenance = incoming.Provenance;
        foreach (var status in incoming.StatusHistory)
        {
            if (AddStatus(existing.StatusHistory, status)) changes.Add($"resource {existing.ResourceId} {status.Status}");
        }
    }

    /// <summary>
    /// Records a status only when it is a change: not when the same status at the same time is reported again, nor
    /// when the status in force at that time is already the same (a snapshot repeats the current status).
    /// </summary>
    public static bool AddStatus(List<ResourceStatus> history, ResourceStatus status)
    {
        if (history.Any(s => s.Status == status.Status && s.At == status.At)) return false;
        var inForce = history.LastOrDefault(s => s.At <= status.At);
        if (inForce?.Status == status.Status) return false;
        PartOrder.Insert(history, status, (a, b) => a.At.CompareTo(b.At));
        return true;
    }
}
