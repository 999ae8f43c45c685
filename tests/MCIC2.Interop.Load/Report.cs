using System.Text;

namespace MCIC2.Interop.Load;

/// <summary>The figures as a plain-text table (console) or Markdown (docs/performance.md).</summary>
public static class Report
{
    public static string Text(IReadOnlyList<(string Measure, string Value)> rows)
    {
        var width = rows.Max(r => r.Measure.Length);
        var text = new StringBuilder();
        foreach (var (measure, value) in rows) text.Append(measure.PadRight(width)).Append("  ").AppendLine(value);
        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<(string Measure, string Value)> rows)
    {
        var text = new StringBuilder().AppendLine("| measure | value |").AppendLine("| --- | --- |");
        foreach (var (measure, value) in rows) text.AppendLine($"| {measure} | {value} |");
        return text.ToString();
    }
}
