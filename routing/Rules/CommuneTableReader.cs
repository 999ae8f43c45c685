using System.Text.RegularExpressions;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Reads the site's <c>communes-merged.csv</c> (<c>old,current,note</c>: codes partners send that the Code officiel
/// géographique does not know → the code to read instead) and joins it to the COG. Every problem is reported with its
/// line; a table with any problem is refused whole.
/// </summary>
internal static partial class CommuneTableReader
{
    [GeneratedRegex(@"^(\d{5}|2[AB]\d{3})$")]
    private static partial Regex InseePattern();

    public static bool IsInseeCode(string code) => InseePattern().IsMatch(code);

    public static (CommuneTable? Table, IReadOnlyList<RulesProblem> Problems) Read(string mergedFile, string mergedText, CogCommunes cog)
    {
        var problems = new List<RulesProblem>();
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        // The note may hold commas: only the first two separate fields.
        foreach (var (line, fields) in RulesCsv.Rows(mergedFile, mergedText, ["old", "current", "note"], problems, l => l.Split(',', 3)))
        {
            void Problem(string message) => problems.Add(new RulesProblem(mergedFile, line.ToString(), message));
            var (old, current) = (fields[0], fields[1]);
            if (!IsInseeCode(old) || !IsInseeCode(current)) { Problem($"'{old}' → '{current}': not INSEE codes"); continue; }
            if (cog.Find(old) is { } known) { Problem($"{old} is in the Code officiel géographique ({Describe(known)}): it cannot be redirected"); continue; }
            if (!merged.TryAdd(old, current)) { Problem($"{old} listed twice"); continue; }
            lineOf[old] = line;
        }
        // Every chain must end on a code of the COG, without coming back on itself.
        foreach (var start in merged.Keys)
        {
            var seen = new List<string> { start };
            var code = merged[start];
            while (cog.Find(code) is null && merged.TryGetValue(code, out var next) && !seen.Contains(code))
            {
                seen.Add(code);
                code = next;
            }
            var chain = string.Join(" → ", seen.Append(code));
            if (seen.Contains(code)) problems.Add(new RulesProblem(mergedFile, lineOf[start].ToString(), $"merged codes loop: {chain}"));
            else if (cog.Find(code) is null) problems.Add(new RulesProblem(mergedFile, lineOf[start].ToString(), $"{chain} reaches no code of the Code officiel géographique"));
        }
        return problems.Count > 0 ? (null, problems) : (new CommuneTable(cog, merged), problems);
    }

    private static string Describe(CogEntry entry) => entry.Kind == CommuneCodeKind.Current
        ? $"commune {entry.Commune.Name}"
        : $"{entry.Kind} code of {entry.Commune.InseeCode} {entry.Commune.Name}";
}
