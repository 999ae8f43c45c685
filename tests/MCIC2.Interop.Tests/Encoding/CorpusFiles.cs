using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;

namespace MCIC2.Interop.Tests.Encoding;

/// <summary>The copied CISU corpus and the codec round trips the tests share.</summary>
internal static class CorpusFiles
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IEnumerable<object[]> Under(string folder, string extension) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*" + extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(Root, f) });

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    public static CisuDocument Read(byte[] input) => new CisuReader().Read(input);

    public static byte[] Write(CisuDocument doc, CisuEncoding encoding) => new CisuWriter().Write(doc, encoding);

    /// <summary>Reads, writes in <paramref name="encoding"/>, and reads again.</summary>
    public static CisuDocument Through(CisuDocument doc, CisuEncoding encoding) => Read(Write(doc, encoding));

    public static JsonNode Json(byte[] utf8) => JsonNode.Parse(utf8)!;
}
