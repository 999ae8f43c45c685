namespace MCIC2.Interop.Adapters.Pegase.Communes;

/// <summary>What a Pégase commune code turned out to be.</summary>
public enum CommuneCodeKind
{
    /// <summary>Taken as the INSEE code it claims to be.</summary>
    Insee,

    /// <summary>A postal code typed where the INSEE code belongs (75011 for Paris 11e, whose INSEE code is 75111).</summary>
    PostalCode,

    /// <summary>The INSEE code of a commune merged since into a commune nouvelle: replaced by the new commune's.</summary>
    MergedCommune,
}

public sealed record ResolvedCommune(string InseeCode, string? Name, CommuneCodeKind Kind);

/// <summary>
/// Corrects the commune codes Pégase operators typed. Ships an excerpt of the INSEE COG (Communes/communes.csv: the
/// postal codes of the routing rules' cities and a few merged communes); a centre loads its département's full
/// list before migrating. A code not in it is kept as the INSEE code it claims to be.
/// </summary>
public sealed class CommuneDirectory
{
    private readonly Dictionary<string, ResolvedCommune> _corrections;

    private CommuneDirectory(Dictionary<string, ResolvedCommune> corrections) => _corrections = corrections;

    public static CommuneDirectory Shipped { get; } = Load();

    /// <summary>Null for a blank code.</summary>
    public ResolvedCommune? Resolve(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        code = code.Trim();
        return _corrections.GetValueOrDefault(code) ?? new ResolvedCommune(code, null, CommuneCodeKind.Insee);
    }

    private static CommuneDirectory Load()
    {
        using var stream = typeof(CommuneDirectory).Assembly.GetManifestResourceStream("Pegase/Communes/communes.csv")!;
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var corrections = new Dictionary<string, ResolvedCommune>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            var kind = f[1] == "postal" ? CommuneCodeKind.PostalCode : CommuneCodeKind.MergedCommune;
            corrections[f[0]] = new ResolvedCommune(f[2], f[3], kind);
        }
        return new CommuneDirectory(corrections);
    }
}
