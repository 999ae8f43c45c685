namespace MCIC2.Interop.Adapters.Pegase.Natures;

/// <summary>One Pégase nature code and the CISU nature de fait (HubSante.fait) it becomes.</summary>
public sealed record NatureMapping(string PegaseCode, string PegaseLabel, string CisuCode);

/// <summary>The shipped Pégase → CISU nature mapping (Natures/pegase-natures.csv, documented in docs/pegase-legacy.md).</summary>
public sealed class NatureMap
{
    private readonly Dictionary<string, NatureMapping> _byPegaseCode;

    private NatureMap(IEnumerable<NatureMapping> mappings) =>
        _byPegaseCode = mappings.ToDictionary(m => m.PegaseCode, StringComparer.OrdinalIgnoreCase);

    public static NatureMap Shipped { get; } = Load();

    public IReadOnlyCollection<NatureMapping> Mappings => _byPegaseCode.Values;

    /// <summary>Case-insensitive, as French_CI_AS compares; null for a code the mapping does not know.</summary>
    public NatureMapping? Find(string? pegaseCode) =>
        pegaseCode is null ? null : _byPegaseCode.GetValueOrDefault(pegaseCode.Trim());

    private static NatureMap Load()
    {
        using var stream = typeof(NatureMap).Assembly.GetManifestResourceStream("Pegase/Natures/pegase-natures.csv")!;
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var mappings = new List<NatureMapping>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            mappings.Add(new NatureMapping(fields[0], fields[1], fields[2]));
        }
        return new NatureMap(mappings);
    }
}
