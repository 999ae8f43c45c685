using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Where an incident is, for routing: its commune as resolved in the Code officiel géographique and its département.
/// The département comes from the COG, or else from the INSEE code itself, so that the services of the département
/// are still found for a code missing from the COG.
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

    /// <summary>"commune 35238 Rennes", "commune 44160 (now 44003 Ancenis-Saint-Géréon)", "commune 35267
    /// Saint-Étienne-en-Coglès (commune déléguée of 35257 Maen Roch)", "commune 35999 (not in the Code officiel
    /// géographique)".</summary>
    public string Describe()
    {
        if (InseeCode is null) return "no commune given";
        if (Commune is null) return $"commune {InseeCode} (not in the Code officiel géographique)";
        var current = $"{Commune.InseeCode} {Commune.Name}";
        return Lookup!.Kind switch
        {
            CommuneCodeKind.Current => $"commune {current}",
            CommuneCodeKind.Delegated => $"commune {InseeCode} {Lookup.Name} (commune déléguée of {current})",
            CommuneCodeKind.Associated => $"commune {InseeCode} {Lookup.Name} (commune associée of {current})",
            CommuneCodeKind.MunicipalArrondissement => $"commune {InseeCode} {Lookup.Name} (arrondissement of {current})",
            _ => $"commune {InseeCode} (now {current})",
        };
    }

    /// <summary>" in département 35", saying when it was only read from the INSEE code.</summary>
    public string DescribeDepartment() =>
        Department is null ? " (département unknown)"
        : Commune is null ? $" in département {Department} (read from the INSEE code)"
        : $" in département {Department}";
}
