using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// EMSI <c>CASUALTIES</c> (triage counts) ↔ CISU victims (a count class). The counts are finer than the model,
/// so on reading they stay in the residue and the model gets the class plus the counts as readable text.
/// </summary>
public static class Casualties
{
    /// <summary>From this many casualties the class is <c>BEAUCOUP</c> rather than <c>PLUSIEURS</c>: a
    /// judgement, CISU gives no threshold (the exact counts are in the free text).</summary>
    public const int Many = 10;

    private static readonly (string Field, string Label)[] Counts =
    [
        ("TRIAGERED", "urgence absolue (rouge)"),
        ("TRIAGEYELLOW", "urgence relative (jaune)"),
        ("TRIAGEGREEN", "impliqués (vert)"),
        ("TRIAGEBLACK", "décédés (noir)"),
        ("MISSING", "disparus"),
        ("DECONT", "à décontaminer"),
    ];

    /// <summary>The latest casualty report as victims; null when there is none.</summary>
    public static Victims? ToVictims(JsonArray? casualties)
    {
        if (casualties?.OfType<JsonObject>().LastOrDefault() is not { } latest) return null;
        // Deserialize rather than GetValue: a payload built in memory may hold an int, a parsed one a JsonElement.
        long Count(string field) => latest[field] is JsonValue v ? v.Deserialize<long>() : 0;
        var triaged = Count("TRIAGERED") + Count("TRIAGEYELLOW") + Count("TRIAGEGREEN") + Count("TRIAGEBLACK");
        var details = Counts.Where(c => latest.ContainsKey(c.Field)).Select(c => $"{c.Label} {Count(c.Field)}");
        var when = latest["DATIME"] is JsonValue at ? $" au {at.GetValue<string>()}" : "";
        return new Victims
        {
            Count = triaged switch { 0 => "0", 1 => "1", < Many => "PLUSIEURS", _ => "BEAUCOUP" },
            FreeText = $"Victimes EMSI{when} : {string.Join(", ", details)}",
        };
    }

    /// <summary>For a case read from another family: EMSI has no field for a count class, so the class and the
    /// main victim go into the (free, required) context, and triage counts are given only when there are none.</summary>
    public static JsonArray FromVictims(Victims victims, DateTimeOffset? at)
    {
        var casualty = new PayloadBuilder()
            .String("CONTEXT", $"Nombre de victimes : {victims.Count ?? "NON DEFINI"}"
                + (victims.MainVictim is null ? "" : $", victime principale : {victims.MainVictim}"))
            .Time("DATIME", at)
            .Node;
        if (victims.Count == "0")
        {
            foreach (var (field, _) in Counts) casualty[field] = 0;
        }
        return [casualty];
    }
}
