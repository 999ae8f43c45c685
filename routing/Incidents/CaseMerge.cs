using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>
/// Merges an RC-EDA case description into the incident. The most recent statement of the qualification and of the
/// location wins (by the sender's sentAt, not by arrival); alerts, notes and details are added, never duplicated.
/// </summary>
internal static class CaseMerge
{
    public static void Merge(Incident target, Incident source, List<string> changes)
    {
        MergeIdentity(target.Identity, source.Identity);
        target.CreatedAt ??= source.CreatedAt;

        if (source.Qualification is { } qualification && PartOrder.IsNewer(qualification.Provenance, target.Qualification?.Provenance))
        {
            target.Qualification = qualification.Nature is null && target.Qualification is { } known
                ? Completed(qualification, known)
                : qualification;
            changes.Add($"qualification {target.Qualification.Nature?.Code}".TrimEnd());
        }
        MergeLocation(target, source.Location, changes);

        foreach (var alert in source.Alerts)
        {
            // The initial alert stays first (RC-EDA writes it as initialAlert); the new alerts follow in time order.
            if (PartOrder.AddOnce(target.Alerts, alert, (a, b) => a.Id == b.Id, a => a.Provenance,
                (a, b) => PartOrder.ByTime(a.ReceivedAt, b.ReceivedAt) is var c and not 0 ? c : string.CompareOrdinal(a.Id, b.Id), from: 1))
            {
                changes.Add($"alert {alert.Id}");
            }
        }
        MergeNotes(target, source.Notes, changes);

        foreach (var detail in source.CustomDetails)
        {
            var existing = target.CustomDetails.FindIndex(d => d.Key == detail.Key);
            if (existing >= 0 && target.CustomDetails[existing].Value == detail.Value) continue;
            if (existing >= 0) target.CustomDetails[existing] = detail;
            else PartOrder.Insert(target.CustomDetails, detail, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            changes.Add($"detail {detail.Key}");
        }

        PartOrder.MergeTimeline(target.Timeline, source.Timeline);
    }

    /// <summary>
    /// A qualification without a nature is a partial statement (a health partner's FHIR victims update, an EMSI
    /// casualty report): an RC-EDA always states the nature. What it leaves out is kept from the incident, so a
    /// victims update never wipes the nature, the location kind, the health motive or the risks.
    /// </summary>
    private static Qualification Completed(Qualification partial, Qualification known) => new()
    {
        Nature = known.Nature,
        LocationKind = partial.LocationKind ?? known.LocationKind,
        HealthMotive = partial.HealthMotive ?? known.HealthMotive,
        Risks = partial.Risks.Count > 0 ? partial.Risks : known.Risks,
        Victims = partial.Victims ?? known.Victims,
        Provenance = partial.Provenance,
    };

    /// <summary>Whichever message said it last (by its sentAt), RC-EDA or EMSI.</summary>
    public static void MergeLocation(Incident target, IncidentLocation? location, List<string> changes)
    {
        if (location is null || !PartOrder.IsNewer(location.Provenance, target.Location?.Provenance)) return;
        target.Location = location;
        changes.Add($"location {location.Commune?.InseeCode}".TrimEnd());
    }

    public static void MergeNotes(Incident target, IEnumerable<Note> notes, List<string> changes)
    {
        foreach (var note in notes)
        {
            if (PartOrder.AddOnce(target.Notes, note, (a, b) => a.Text == b.Text, n => n.Provenance,
                (a, b) => PartOrder.ByTime(a.CreatedAt ?? a.Provenance?.At, b.CreatedAt ?? b.Provenance?.At)))
            {
                changes.Add("note");
            }
        }
    }

    /// <summary>Partner references are filled in, never overwritten: the first one known stays the one partners use.</summary>
    public static void MergeIdentity(IncidentIdentity target, IncidentIdentity source)
    {
        target.CaseId ??= source.CaseId;
        target.SenderCaseId ??= source.SenderCaseId;
        target.EmsiEventId ??= source.EmsiEventId;
        target.EmsiMainEventId ??= source.EmsiMainEventId;
        target.PegaseNumber ??= source.PegaseNumber;
        target.GendarmerieNumber ??= source.GendarmerieNumber;
    }
}
