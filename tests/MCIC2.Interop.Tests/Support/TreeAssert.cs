using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace MCIC2.Interop.Tests.Support;

/// <summary>Compares JSON trees (object key order ignored, numbers by value) and XML trees (names, namespaces,
/// attributes other than namespace declarations, text and element order; whitespace between elements ignored).</summary>
public static class TreeAssert
{
    public static void JsonEqual(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject e:
                var a = actual as JsonObject ?? throw new AssertFailedException($"{path}: expected an object, found {actual?.ToJsonString()}");
                CollectionAssert.AreEquivalent(e.Select(p => p.Key).ToList(), a.Select(p => p.Key).ToList(), $"{path}: keys differ");
                foreach (var (key, value) in e) JsonEqual(value, a[key], $"{path}.{key}");
                break;
            case JsonArray e:
                var array = actual as JsonArray ?? throw new AssertFailedException($"{path}: expected an array, found {actual?.ToJsonString()}");
                Assert.HasCount(e.Count, array, $"{path}: array lengths differ");
                for (var i = 0; i < e.Count; i++) JsonEqual(e[i], array[i], $"{path}[{i}]");
                break;
            case null:
                Assert.IsNull(actual, path);
                break;
            default:
                Assert.IsNotNull(actual, $"{path}: missing");
                Assert.AreEqual(expected.GetValueKind(), actual.GetValueKind(), $"{path}: kinds differ");
                if (expected.GetValueKind() == JsonValueKind.Number)
                    Assert.AreEqual(decimal.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                        decimal.Parse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture), path);
                else
                    Assert.AreEqual(expected.ToJsonString(), actual.ToJsonString(), path);
                break;
        }
    }

    public static void XmlEqual(XElement expected, XElement actual, string path = "")
    {
        path = $"{path}/{expected.Name.LocalName}";
        Assert.AreEqual(expected.Name, actual.Name, path);
        Assert.AreEqual(Attributes(expected), Attributes(actual), $"{path}: attributes differ");
        if (!expected.HasElements)
        {
            Assert.IsFalse(actual.HasElements, $"{path}: unexpected child elements");
            Assert.AreEqual(expected.Value, actual.Value, path);
            return;
        }
        var e = expected.Elements().ToList();
        var a = actual.Elements().ToList();
        Assert.AreEqual(string.Join(",", e.Select(x => x.Name.LocalName)), string.Join(",", a.Select(x => x.Name.LocalName)), $"{path}: children differ");
        for (var i = 0; i < e.Count; i++) XmlEqual(e[i], a[i], path);
    }

    private static string Attributes(XElement element) =>
        string.Join(" ", element.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => $"{a.Name}={a.Value}").Order(StringComparer.Ordinal));

    public static XElement Xml(byte[] utf8) => XDocument.Load(new MemoryStream(utf8), LoadOptions.PreserveWhitespace).Root!;
}
