using MCIC2.Interop.Adapters.Cisu.Encoding;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.JsonXml;

/// <summary>The bare payload examples: each XML/JSON pair carries the same values.</summary>
[TestClass]
public sealed class When_a_CISU_example_is_converted
{
    public static IEnumerable<object[]> XmlExamples => Corpus.Under("examples", ".xml");

    /// <summary>RS-ERROR is left out: its sourceMessage is free content, see <see cref="Free_content_keeps_its_values_but_not_its_one_item_arrays"/>.</summary>
    public static IEnumerable<object[]> JsonExamples =>
        Corpus.Under("examples", ".json").Where(f => !((string)f[0]).Contains("RS-ERROR", StringComparison.Ordinal));

    [TestMethod]
    [DynamicData(nameof(XmlExamples))]
    public void The_XML_read_and_written_as_JSON_equals_its_JSON_twin(string xmlFile)
    {
        var doc = Corpus.Read(Corpus.Bytes(xmlFile));

        var json = Corpus.Write(doc, CisuEncoding.Json);

        TreeAssert.JsonEqual(Corpus.Json(Corpus.Bytes(Path.ChangeExtension(xmlFile, ".json"))), Corpus.Json(json));
    }

    [TestMethod]
    [DynamicData(nameof(JsonExamples))]
    public void The_JSON_through_XML_and_back_equals_the_original(string jsonFile)
    {
        var original = Corpus.Bytes(jsonFile);

        var back = Corpus.Write(Corpus.Through(Corpus.Read(original), CisuEncoding.Xml), CisuEncoding.Json);

        TreeAssert.JsonEqual(Corpus.Json(original), Corpus.Json(back));
    }

    [TestMethod]
    [DynamicData(nameof(XmlExamples))]
    public void The_XML_through_JSON_and_back_equals_the_original(string xmlFile)
    {
        var original = Corpus.Bytes(xmlFile);

        var back = Corpus.Write(Corpus.Through(Corpus.Read(original), CisuEncoding.Json), CisuEncoding.Xml);

        TreeAssert.XmlEqual(TreeAssert.Xml(original), TreeAssert.Xml(back));
    }

    [TestMethod]
    public void Free_content_keeps_its_values_but_not_its_one_item_arrays()
    {
        var original = Corpus.Json(Corpus.Bytes("examples/RS-ERROR/RS-ERROR.json"));
        var doc = Corpus.Read(Corpus.Bytes("examples/RS-ERROR/RS-ERROR.json"));

        var back = Corpus.Json(Corpus.Write(Corpus.Through(doc, CisuEncoding.Xml), CisuEncoding.Json));

        // XML has no types for content the schema leaves free: the one content object comes back without its array.
        var content = original["error"]!["sourceMessage"]!["content"]!.AsArray();
        original["error"]!["sourceMessage"]!["content"] = content[0]!.DeepClone();
        TreeAssert.JsonEqual(original, back);
    }
}
