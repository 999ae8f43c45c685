using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>One row of <c>etype-natures.csv</c>: EMSI category (and actor, null for any) → nature de fait.</summary>
public sealed record EventTypeNature(string Category, string? Actor, string Nature, string Basis);

/// <summary>
/// Derives the CISU nature de fait (list <c>HubSante.fait</c>) of a case read from EMSI from its event type
/// (<c>ETYPE.CATEGORY</c>, <c>ETYPE.ACTOR</c>): RC-EDA requires a nature, EMSI has none. The reverse of
/// <see cref="EmsiEventType"/>, and APPROXIMATE like it: the table is the shipped <c>etype-natures.csv</c> (its
/// header says where the rows come from and how they are looked up); no row gives <see cref="Default"/>.
/// </summary>
public static class EmsiNature
{
    /// <summary>"Autre nature de fait": what an event type no row covers becomes, as ANS's converter does.</summary>
    public const string Default = "C11.06.00";

    private const string TableResource = "mapping/emsi/etype-natures.csv";

    public static IReadOnlyList<EventTypeNature> Table { get; } = Load();

    /// <summary>The nature of an EMSI <c>EVENT.ETYPE</c> (null: none given), with its label from the list.</summary>
    public static CodedValue Of(JsonNode? etype)
    {
        var actors = Codes(etype?["ACTOR"]);
        var row = Codes(etype?["CATEGORY"])
            .Select(category => Table
                .Where(r => Covers(r.Category, category) && (r.Actor is null || actors.Any(a => Covers(r.Actor, a))))
                .MaxBy(r => (Depth(r.Category), r.Actor is null ? 0 : Depth(r.Actor))))
            .FirstOrDefault(r => r is not null);
        var code = row?.Nature ?? Default;
        return new CodedValue { Code = code, Label = Nomenclatures.Get(Nomenclatures.NatureDeFait).LabelOf(code) };
    }

    /// <summary>EMSI codes are paths: <c>VEH</c> covers <c>VEH/TRN</c> and <c>VEH/TRN/PAS</c>.</summary>
    private static bool Covers(string prefix, string code) =>
        code == prefix || code.StartsWith(prefix + "/", StringComparison.Ordinal);

    private static int Depth(string code) => code.Count(c => c == '/') + 1;

    private static List<string> Codes(JsonNode? codes) =>
        codes is JsonArray array ? array.Select(c => c!.GetValue<string>()).ToList() : [];

    private static List<EventTypeNature> Load()
    {
        using var stream = typeof(EmsiNature).Assembly.GetManifestResourceStream(TableResource)
            ?? throw new InvalidOperationException($"{TableResource} is not embedded in the adapter");
        using var reader = new StreamReader(stream);
        // '#' lines are the header comment; the first other line names the columns; the basis may hold commas.
        return reader.ReadToEnd().Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Skip(1)
            .Select(line => line.Split(',', 4))
            .Select(f => new EventTypeNature(f[0], f[1].Length == 0 ? null : f[1], f[2], f[3]))
            .ToList();
    }
}
