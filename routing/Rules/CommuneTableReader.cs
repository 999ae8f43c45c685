using System.Text.RegularExpressions;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Reads <c>communes.csv</c> (<c>insee,name,department,zone,force</c>) and <c>communes-merged.csv</c>
/// (<c>old,current,note</c>): plain comma-separated lines, <c>#</c> lines are comments, the first other line is the
/// header. Every problem is reported with its line; a table with any problem is refused whole.
/// </summary>
internal static partial class CommuneTableReader
{
    [GeneratedRegex(@"^(\d{5}|2[AB]\d{3})$")]
    private static partial Regex InseePattern();

    public static (CommuneTable? Table, IReadOnlyList<RulesProblem> Problems) Read(
        string communesFile, string communesText, string mergedFile, string mergedText, PartnerDirectory partners)
    {
        var problems = new List<RulesProblem>();
        var communes = ReadCommunes(communesFile, communesText, partners, problems);
        var merged = ReadMerged(mergedFile, mergedText, communes, problems);
        return problems.Count > 0 ? (null, problems) : (new CommuneTable(communes.Values, merged), problems);
    }

    private static Dictionary<string, CommuneRecord> ReadCommunes(string file, string text, PartnerDirectory partners, List<RulesProblem> problems)
    {
        var communes = new Dictionary<string, CommuneRecord>(StringComparer.Ordinal);
        foreach (var (line, fields) in Rows(file, text, ["insee", "name", "department", "zone", "force"], problems))
        {
            void Problem(string message) => problems.Add(new RulesProblem(file, line.ToString(), message));
            var (insee, name, department, zoneText, forceId) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
            if (!InseePattern().IsMatch(insee)) { Problem($"'{insee}' is not an INSEE code"); continue; }
            if (communes.ContainsKey(insee)) { Problem($"commune {insee} listed twice"); continue; }
            if (CommuneTable.DepartmentOfCode(insee) != department) Problem($"commune {insee} is not in département '{department}'");
            ForceZone? zone = zoneText switch { "police" => ForceZone.Police, "gendarmerie" => ForceZone.Gendarmerie, _ => null };
            if (zone is null) { Problem($"zone '{zoneText}' is neither police nor gendarmerie"); continue; }
            var expectedKind = zone == ForceZone.Police ? PartnerKind.Cic : PartnerKind.Corg;
            var force = partners.Find(forceId);
            if (force is null) Problem($"force '{forceId}' is not in the partner directory");
            else if (force.Kind != expectedKind) Problem($"force '{forceId}' is a {force.Kind}, a {zoneText} zone needs a {expectedKind}");
            communes[insee] = new CommuneRecord(insee, name, department, zone.Value, forceId);
        }
        return communes;
    }

    private static Dictionary<string, string> ReadMerged(string file, string text, Dictionary<string, CommuneRecord> communes, List<RulesProblem> problems)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in Rows(file, text, ["old", "current", "note"], problems))
        {
            void Problem(string message) => problems.Add(new RulesProblem(file, line.ToString(), message));
            var (old, current) = (fields[0], fields[1]);
            if (!InseePattern().IsMatch(old) || !InseePattern().IsMatch(current)) { Problem($"'{old}' → '{current}': not INSEE codes"); continue; }
            if (communes.ContainsKey(old)) { Problem($"{old} is a current commune in the communes table: it cannot be merged too"); continue; }
            if (!merged.TryAdd(old, current)) { Problem($"{old} listed twice"); continue; }
            lineOf[old] = line;
        }
        // Every chain must end on a current commune, without coming back on itself.
        foreach (var start in merged.Keys)
        {
            var seen = new List<string> { start };
            var code = merged[start];
            while (!communes.ContainsKey(code) && merged.TryGetValue(code, out var next) && !seen.Contains(code))
            {
                seen.Add(code);
                code = next;
            }
            var chain = string.Join(" → ", seen.Append(code));
            if (seen.Contains(code)) problems.Add(new RulesProblem(file, lineOf[start].ToString(), $"merged codes loop: {chain}"));
            else if (!communes.ContainsKey(code)) problems.Add(new RulesProblem(file, lineOf[start].ToString(), $"{chain} reaches no commune of the communes table"));
        }
        return merged;
    }

    /// <summary>The data rows with their 1-based line numbers, after checking the header.</summary>
    private static IEnumerable<(int Line, string[] Fields)> Rows(string file, string text, string[] header, List<RulesProblem> problems)
    {
        var headerSeen = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',', header.Length).Select(f => f.Trim()).ToArray();
            if (!headerSeen)
            {
                headerSeen = true;
                if (!fields.SequenceEqual(header)) problems.Add(new RulesProblem(file, (i + 1).ToString(), $"header must be '{string.Join(",", header)}'"));
                continue;
            }
            if (fields.Length != header.Length)
            {
                problems.Add(new RulesProblem(file, (i + 1).ToString(), $"{fields.Length} fields, {header.Length} expected ({string.Join(",", header)})"));
                continue;
            }
            yield return (i + 1, fields);
        }
        if (!headerSeen) problems.Add(new RulesProblem(file, "", "empty: the header is missing"));
    }
}
