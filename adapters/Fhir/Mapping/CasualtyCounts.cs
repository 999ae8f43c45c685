using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Fhir.Mapping;

/// <summary>The counts of a casualty report as components of its Observation, in EMSI's order.</summary>
internal static class CasualtyCounts
{
    public static IReadOnlyList<(string Code, Func<CasualtyReport, int?> Get, Action<CasualtyReport, int> Set)> All { get; } =
    [
        ("red", r => r.Red, (r, n) => r.Red = n),
        ("yellow", r => r.Yellow, (r, n) => r.Yellow = n),
        ("green", r => r.Green, (r, n) => r.Green = n),
        ("black", r => r.Black, (r, n) => r.Black = n),
        ("missing", r => r.Missing, (r, n) => r.Missing = n),
        ("decontaminate", r => r.Decontaminate, (r, n) => r.Decontaminate = n),
    ];
}

/// <summary>Triage categories as codes of <see cref="FhirCodes.TriageCodes"/>: the colour in lower case.</summary>
internal static class TriageCodes
{
    public static string Of(TriageCategory triage) => triage.ToString().ToLowerInvariant();

    public static TriageCategory? Parse(string? code) =>
        Enum.GetValues<TriageCategory>().Where(t => Of(t) == code).Select(t => (TriageCategory?)t).FirstOrDefault();
}
