namespace MCIC2.Interop.Routing.Rules;

/// <summary>A current commune of the Code officiel géographique.</summary>
public sealed record CommuneRecord(string InseeCode, string Name, string Department);

/// <summary>What an INSEE code names in the Code officiel géographique (the <c>type</c> of its row).</summary>
public enum CommuneCodeKind
{
    /// <summary>A current commune.</summary>
    Current,
    /// <summary>A commune déléguée of a commune nouvelle: its chef-lieu is the current commune.</summary>
    Delegated,
    /// <summary>A commune associée: its chef-lieu is the current commune.</summary>
    Associated,
    /// <summary>An arrondissement of Paris, Lyon or Marseille: the commune is the current one.</summary>
    MunicipalArrondissement,
    /// <summary>A code that names no commune any more (merged communes; the site's own <c>communes-merged.csv</c>).</summary>
    Historic,
}

/// <summary>What an INSEE code resolved to: the current commune (null when unknown), and what the code itself names
/// with its own name (empty for a historic code).</summary>
public sealed record CommuneLookup(string Code, CommuneRecord? Commune, CommuneCodeKind Kind, string Name);

/// <summary>
/// The communes routing knows: the Code officiel géographique (<see cref="CogCommunes"/>, shared by every rule set)
/// and the site's own merged codes (<c>communes-merged.csv</c>: a code partners send that the COG does not know →
/// the code to read instead). Immutable; built only from merged codes already checked for loops and dangling codes,
/// so <see cref="Resolve"/> always ends.
/// </summary>
public sealed class CommuneTable
{
    private readonly Dictionary<string, string> _merged;

    public CommuneTable(CogCommunes cog, IReadOnlyDictionary<string, string> merged)
    {
        Cog = cog;
        _merged = new Dictionary<string, string>(merged, StringComparer.Ordinal);
    }

    public CogCommunes Cog { get; }

    public CommuneLookup Resolve(string inseeCode)
    {
        var code = inseeCode.Trim();
        var merges = 0;
        // Bounded by the number of merges: a loop cannot survive loading, and this keeps a bug from hanging routing.
        while (Cog.Find(code) is null && _merged.TryGetValue(code, out var next) && merges <= _merged.Count)
        {
            merges++;
            code = next;
        }
        if (Cog.Find(code) is not { } entry) return new CommuneLookup(inseeCode, null, CommuneCodeKind.Historic, "");
        return merges == 0
            ? new CommuneLookup(inseeCode, entry.Commune, entry.Kind, entry.Name)
            : new CommuneLookup(inseeCode, entry.Commune, CommuneCodeKind.Historic, "");
    }

    /// <summary>The département an INSEE code belongs to, read from the code itself: its first two characters
    /// (<c>2A</c>, <c>2B</c> for Corsica), three overseas (<c>971</c>…).</summary>
    public static string? DepartmentOfCode(string inseeCode)
    {
        var code = inseeCode.Trim();
        if (code.Length != 5) return null;
        return code.StartsWith("97", StringComparison.Ordinal) || code.StartsWith("98", StringComparison.Ordinal)
            ? code[..3]
            : code[..2];
    }
}
