namespace MCIC2.Interop.Routing.Rules;

/// <summary>Which force a commune belongs to: the police nationale (PN, told through a CIC) or the gendarmerie
/// nationale (GN, told through a CORG).</summary>
public enum ForceZone { Police, Gendarmerie }

/// <summary>A unit competent in a commune, as the zone table names it (<c>id_service</c>, <c>service</c>; either may be empty).</summary>
public sealed record ZoneService(ForceZone Zone, string ServiceId, string Service);

/// <summary>
/// The zone table (<c>force-zones.csv</c>, in the format of the Interior ministry's dataset "Compétence territoriale
/// gendarmerie et police nationales"), by the current commune each row's code leads to: a row on a historic code or a
/// commune déléguée counts for the commune it is now part of. A commune with rows of both institutions is in both
/// zones (both forces are told). Immutable.
/// </summary>
public sealed class ForceZoneTable(string file, IReadOnlyDictionary<string, IReadOnlyList<ZoneService>> byCommune)
{
    /// <summary>The file it was read from (named in the reasons of a commune it does not list).</summary>
    public string File { get; } = file;

    /// <summary>The number of current communes that have a zone.</summary>
    public int CommuneCount => byCommune.Count;

    /// <summary>The units competent in a current commune; empty when the table does not list it.</summary>
    public IReadOnlyList<ZoneService> Of(string currentCommune) => byCommune.GetValueOrDefault(currentCommune) ?? [];
}
