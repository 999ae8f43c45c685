using System.Text.Json.Nodes;

namespace MCIC2.Interop.Tests.Support;

/// <summary>The CISU corpus copied beside the tests (examples, valid and failing samples).</summary>
public static class Corpus
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    public static JsonObject Json(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>Example JSON payloads, one per row: [relative path].</summary>
    public static IEnumerable<object[]> JsonExamples => Files("examples", "*.json").Select(f => new object[] { Relative(f) });

    public static IEnumerable<object[]> XmlExamples => Files("examples", "*.xml").Select(f => new object[] { Relative(f) });

    public static string Path_(string relative) => Path.Combine(Root, relative);
}
