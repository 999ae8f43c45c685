using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Where an incident is, for routing: its commune as resolved in the reference table and its département. The
/// département comes from the table, or else from the INSEE code itself, so that an SDIS or SAMU is still found
/// for a commune missing from the table (the competent force cannot be: that needs the zone).
/// </summary>
public sealed record IncidentPlace(string? InseeCode, CommuneLookup? Lookup, string? Department)
{
    public CommuneRecord? Commune => Lookup?.Commune;

    public static IncidentPlace Of(Incident incident, CommuneTable communes)
    {
        // The incident's own location first; a case created from an alert may carry the commune on the alert only.
        var code = incident.Location?.Commune?.InseeCode
            ?? incident.Alerts.Select(a => a.Location?.Commune?.InseeCode).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
        if (string.IsNullOrWhiteSpace(code)) return new IncidentPlace(null, null, null);
        var lookup = communes.Resolve(code);
        return new IncidentPlace(code, lookup, lookup.Commune?.Department ?? CommuneTable.DepartmentOfCode(code));
    }

    /// <summary>"commune 35238 Rennes", "commune 35266 (now 35257 Maen Roch)", "commune 99999 (not in the table)".</summary>
    public string Describe()
    {
        if (InseeCode is null) return "no commune given";
        if (Commune is null) return $"commune {InseeCode} (not in the communes table)";
        return Lookup!.MergedVia.Count == 0
            ? $"commune {Commune.InseeCode} {Commune.Name}"
            : $"commune {InseeCode} (now {Commune.InseeCode} {Commune.Name})";
    }

    /// <summary>" in département 35", saying when it was only read from the INSEE code.</summary>
    public string DescribeDepartment() =>
        Department is null ? " (département unknown)"
        : Commune is null ? $" in département {Department} (read from the INSEE code)"
        : $" in département {Department}";
}
