using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Tests.Support;

/// <summary>The CISU corpus copied beside the tests, and the safe way tests load it.</summary>
public static class Corpus
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>The files of a corpus folder (relative to the corpus), one data row each: [relative path].</summary>
    public static IEnumerable<object[]> Files(string folder, params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*", SearchOption.AllDirectories)
            .Where(file => extensions.Contains(Path.GetExtension(file)))
            .Order(StringComparer.Ordinal)
            .Select(file => new object[] { Path.GetRelativePath(Root, file) });

    public static string FullPath(string relative) => Path.Combine(Root, relative);

    public static JsonNode ReadJson(string relative) => JsonNode.Parse(File.ReadAllText(FullPath(relative)))!;

    /// <summary>
    /// Validates a <c>sample/valid|failing/FAMILY/file</c>: the TECHNICAL and TECHNICAL_NOREQ JSON samples are bare
    /// use-case objects (validated against FAMILY.schema.json), the other JSON samples full EDXL-DE messages;
    /// XML samples say which by their root element.
    /// </summary>
    public static IReadOnlyList<Problem> ValidateSample(string relative)
    {
        if (Path.GetExtension(relative) == ".xml") return XsdValidator.Shared.Validate(ReadXml(relative));
        var family = Path.GetFileName(Path.GetDirectoryName(relative))!;
        return family is "TECHNICAL" or "TECHNICAL_NOREQ"
            ? JsonSchemaValidator.Shared.Validate(ReadJson(relative), family + ".schema.json")
            : JsonSchemaValidator.Shared.ValidateEnvelope(ReadJson(relative));
    }

    public static XDocument ReadXml(string relative)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(FullPath(relative), settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    public static IEnumerable<object[]> Under(string folder, string extension) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*" + extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(Root, f) });

    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(FullPath(relativePath));

    public static CisuDocument Read(byte[] input) => new CisuReader().Read(input);

    public static byte[] Write(CisuDocument doc, CisuEncoding encoding) => new CisuWriter().Write(doc, encoding);

    /// <summary>Reads, writes in <paramref name="encoding"/>, and reads again.</summary>
    public static CisuDocument Through(CisuDocument doc, CisuEncoding encoding) => Read(Write(doc, encoding));

    public static JsonNode Json(byte[] utf8) => JsonNode.Parse(utf8)!;
}
