using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// Derives an EMSI <c>EVENT.ETYPE</c> from a CISU nature de fait (list <c>HubSante.fait</c>), for a case that was
/// not read from EMSI.
/// <para>
/// APPROXIMATE: the two typologies do not match one to one (EMSI has no "atteinte aux personnes", CISU no fire
/// class). The table below only says what family of event it is; the exact nature code and label always travel
/// too, in <c>EVENT.NAME</c> and <c>EVENT.FREETEXT</c>. Codes are looked up most specific first, and an unknown
/// nature falls back to <see cref="EmsiDefaults.EventCategory"/>. The other way (EMSI → nature, for RC-EDA partners): <see cref="EmsiNature"/>.
/// </para>
/// </summary>
public static class EmsiEventType
{
    /// <summary>Nature de fait prefix → EMSI category, most specific prefixes first.</summary>
    public static IReadOnlyList<(string NaturePrefix, string Category)> Table { get; } =
    [
        ("C08.01", "FLD"),      // inondation
        ("C08.02", "GND/AVL"),  // avalanche
        ("C08.03", "GND/EQK"),  // tremblement de terre
        ("C08.06", "GND/LDS"),  // éboulement / effondrement
        ("C08.08", "POL"),      // pollution
        ("C01", "TRP/CRS"),     // accident de la circulation → transport, accident
        ("C02", "ASB"),         // atteinte aux personnes → comportement antisocial
        ("C03", "ASB"),         // atteinte aux biens / animal
        ("C04", "FIR"),         // incendie
        ("C05", "EXP"),         // explosion
        ("C06", "PSW/SUS"),     // suspicion d'infractions → circonstances suspectes
        ("C07", "PSW"),         // ordre public
        ("C10", "PSW/MIS"),     // disparitions et découvertes → personne disparue
    ];

    public static string CategoryOf(string? natureCode) =>
        natureCode is null
            ? EmsiDefaults.EventCategory
            : Table.FirstOrDefault(e => natureCode.StartsWith(e.NaturePrefix, StringComparison.Ordinal)).Category ?? EmsiDefaults.EventCategory;

    public static JsonObject For(string? natureCode) => new()
    {
        ["CATEGORY"] = new JsonArray(CategoryOf(natureCode)),
        ["ACTOR"] = new JsonArray(EmsiDefaults.EventActor),
        ["LOCTYPE"] = new JsonArray(EmsiDefaults.LocationType),
    };
}
