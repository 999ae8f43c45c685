namespace MCIC2.Interop.CanonicalModel.CodeLists;

/// <summary>One entry of a nomenclature: its code, its own label, its level in the hierarchy and its parent.</summary>
public sealed record CodeEntry(string Code, string Label, int Level, string? ParentCode, string? Description);

/// <summary>
/// A CISU or EMSI nomenclature (e.g. <c>HubSante.fait</c>, nature de fait). Hierarchical lists put each
/// entry's label in the column of its level (<c>label_n1</c>, <c>label_n2</c>...); the parent of an entry is the
/// nearest preceding entry one level up.
/// </summary>
public sealed class CodeList
{
    private readonly Dictionary<string, CodeEntry> _entries;

    public CodeList(string name, IEnumerable<CodeEntry> entries)
    {
        Name = name;
        // Two published lists repeat a code (EMSI SECLASS "CONFID", RTYPE.CAPABILITY "AER15M"): the first entry wins.
        _entries = entries.GroupBy(e => e.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public string Name { get; }

    public IReadOnlyCollection<CodeEntry> Entries => _entries.Values;

    public bool Contains(string code) => _entries.ContainsKey(code);

    public CodeEntry? Find(string code) => _entries.GetValueOrDefault(code);

    public string? LabelOf(string code) => Find(code)?.Label;

    public CodeEntry? ParentOf(string code) => Find(code)?.ParentCode is { } parent ? Find(parent) : null;

    /// <summary>The entry and its ancestors, nearest first: C04.02.01 → C04.02.00 → C04.00.00.</summary>
    public IEnumerable<CodeEntry> Lineage(string code)
    {
        for (var entry = Find(code); entry is not null; entry = entry.ParentCode is { } p ? Find(p) : null)
        {
            yield return entry;
        }
    }

    /// <summary>Reads a nomenclature CSV as published by the ANS (first column an index, then <c>code</c>,
    /// one or more <c>label_nK</c> columns, then <c>description</c>).</summary>
    public static CodeList Parse(string name, TextReader csv)
    {
        var rows = CsvRows.Read(csv).ToList();
        if (rows.Count == 0) return new CodeList(name, []);
        var header = rows[0];
        var codeColumn = header.IndexOf("code");
        var labelColumns = header.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("label", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var descriptionColumn = header.IndexOf("description");
        if (codeColumn < 0 || labelColumns.Count == 0)
        {
            throw new FormatException($"code list {name}: header has no 'code' or 'label' column");
        }

        var entries = new List<CodeEntry>();
        var lastAtLevel = new string?[labelColumns.Count + 1];
        foreach (var row in rows.Skip(1))
        {
            if (row.Count <= codeColumn || row[codeColumn].Length == 0) continue;
            var level = 0;
            var label = "";
            for (var k = 0; k < labelColumns.Count; k++)
            {
                var column = labelColumns[k];
                if (column < row.Count && row[column].Length > 0) { level = k + 1; label = row[column]; break; }
            }
            // A flat list (one label column, or label found in no level column) has level 1 and no parent.
            if (level == 0) level = 1;
            var parent = level > 1 ? lastAtLevel[level - 1] : null;
            var code = row[codeColumn];
            lastAtLevel[level] = code;
            for (var deeper = level + 1; deeper < lastAtLevel.Length; deeper++) lastAtLevel[deeper] = null;
            var description = descriptionColumn >= 0 && descriptionColumn < row.Count && row[descriptionColumn].Length > 0 ? row[descriptionColumn] : null;
            entries.Add(new CodeEntry(code, label, level, parent, description));
        }
        return new CodeList(name, entries);
    }
}
