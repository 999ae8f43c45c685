namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// The CSV tables of the rules: blank and <c>#</c> lines are skipped, the first other line is the header, each data
/// row comes with its 1-based line number so every problem can be located (<c>force-zones.csv:12: ...</c>).
/// </summary>
internal static class RulesCsv
{
    /// <summary>The data rows after checking the header; <paramref name="split"/> turns a line into its fields.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Rows(string file, string text, string[] header, List<RulesProblem> problems, Func<string, string[]> split)
    {
        var headerSeen = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = split(line).Select(f => f.Trim()).ToArray();
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
