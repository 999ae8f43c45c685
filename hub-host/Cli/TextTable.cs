namespace MCIC2.Interop.HubHost.Cli;

/// <summary>Columns aligned with spaces for a terminal; the last column (free text) is not padded.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Count - 1).Select(column => all.Max(row => row[column].Length)).ToList();
        foreach (var row in all)
            output.WriteLine(string.Concat(widths.Select((width, column) => row[column].PadRight(width + 2))) + row[^1]);
    }

    /// <summary>Free text (a partner's answer) on one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
