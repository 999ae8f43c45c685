namespace MCIC2.Interop.Routing.Rules;

/// <summary>Which force a commune belongs to: the police (a CIC) or the gendarmerie (a CORG).</summary>
public enum ForceZone { Police, Gendarmerie }

/// <summary>A current commune of the reference table and the force competent there.</summary>
public sealed record CommuneRecord(string InseeCode, string Name, string Department, ForceZone Zone, string ForceId);

/// <summary>What an INSEE code resolved to: the current commune (null when unknown) and the historic codes
/// followed to reach it, oldest first (empty when the code is current).</summary>
public sealed record CommuneLookup(string Code, CommuneRecord? Commune, IReadOnlyList<string> MergedVia);

/// <summary>
/// The communes reference table (<c>communes.csv</c>) and the codes of merged communes (<c>communes-merged.csv</c>:
/// old code → the code to read instead). Immutable; built only from tables already checked for loops and
/// dangling codes, so <see cref="Resolve"/> always ends.
/// </summary>
public sealed class CommuneTable
{
    private readonly Dictionary<string, CommuneRecord> _current;
    private readonly Dictionary<string, string> _merged;

    public CommuneTable(IEnumerable<CommuneRecord> communes, IReadOnlyDictionary<string, string> merged)
    {
        _current = communes.ToDictionary(c => c.InseeCode, StringComparer.Ordinal);
        _merged = new Dictionary<string, string>(merged, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<CommuneRecord> Communes => _current.Values;

    public CommuneLookup Resolve(string inseeCode)
    {
        var code = inseeCode.Trim();
        var via = new List<string>();
        // Bounded by the number of merges: a loop cannot survive loading, and this keeps a bug from hanging routing.
        while (!_current.ContainsKey(code) && _merged.TryGetValue(code, out var next) && via.Count <= _merged.Count)
        {
            via.Add(code);
            code = next;
        }
        return new CommuneLookup(inseeCode, _current.GetValueOrDefault(code), via);
    }

    /// <summary>The département an INSEE code belongs to, read from the code itself: its first two characters
    /// (<c>2A</c>, <c>2B</c> for Corsica), three for the overseas départements (<c>971</c>…).</summary>
    public static string? DepartmentOfCode(string inseeCode)
    {
        var code = inseeCode.Trim();
        if (code.Length != 5) return null;
        return code.StartsWith("97", StringComparison.Ordinal) || code.StartsWith("98", StringComparison.Ordinal)
            ? code[..3]
            : code[..2];
    }
}
