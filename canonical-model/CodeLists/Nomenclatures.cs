using System.Collections.Concurrent;

namespace MCIC2.Interop.CanonicalModel.CodeLists;

/// <summary>
/// The CISU and EMSI code lists shipped inside this assembly (see <c>CodeLists/Data/NOTICE.md</c>), loaded on
/// first use. Names are the file names without extension: <c>HubSante.fait</c>, <c>EMSI-EVENT.CAUSE</c>...
/// </summary>
public static class Nomenclatures
{
    public const string NatureDeFait = "HubSante.fait";
    public const string LocationKind = "HubSante.lieu";
    public const string HealthMotive = "HubSante.motif";
    public const string Risk = "HubSante.risque";

    private static readonly ConcurrentDictionary<string, CodeList?> Loaded = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = typeof(Nomenclatures).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("CodeLists/", StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal))
        .Select(n => n["CodeLists/".Length..^".csv".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static CodeList Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"no code list named '{name}' (known: {string.Join(", ", Names)})");

    public static CodeList? Find(string name) => Loaded.GetOrAdd(name, static n =>
    {
        using var stream = typeof(Nomenclatures).Assembly.GetManifestResourceStream($"CodeLists/{n}.csv");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return CodeList.Parse(n, reader);
    });
}
