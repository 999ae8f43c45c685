using MCIC2.Interop.Adapters.Cisu.Encoding;

namespace MCIC2.Interop.Tests.Encoding;

/// <summary>The bare payload examples: each XML/JSON pair carries the same values.</summary>
[TestClass]
public sealed class When_a_CISU_example_is_converted
{
    public static IEnumerable<object[]> XmlExamples => CorpusFiles.Under("examples", ".xml");

    /// <summary>RS-ERROR is left out: its sourceMessage is free content, see <see cref="Free_content_keeps_its_values_but_not_its_one_item_arrays"/>.</summary>
    public static IEnumerable<object[]> JsonExamples =>
        CorpusFiles.Under("examples", ".json").Where(f => !((string)f[0]).Contains("RS-ERROR", StringComparison.Ordinal));

    [TestMethod]
    [DynamicData(nameof(XmlExamples))]
    public void The_XML_read_and_written_as_JSON_equals_its_JSON_twin(string xmlFile)
    {
        var doc = CorpusFiles.Read(CorpusFiles.Bytes(xmlFile));

        var json = CorpusFiles.Write(doc, CisuEncoding.Json);

        TreeAssert.JsonEqual(CorpusFiles.Json(CorpusFiles.Bytes(Path.ChangeExtension(xmlFile, ".json"))), CorpusFiles.Json(json));
    }

    [TestMethod]
    [DynamicData(nameof(JsonExamples))]
    public void The_JSON_through_XML_and_back_equals_the_original(string jsonFile)
    {
        var original = CorpusFiles.Bytes(jsonFile);

        var back = CorpusFiles.Write(CorpusFiles.Through(CorpusFiles.Read(original), CisuEncoding.Xml), CisuEncoding.Json);

        TreeAssert.JsonEqual(CorpusFiles.Json(original), CorpusFiles.Json(back));
    }

    [TestMethod]
    [DynamicData(nameof(XmlExamples))]
    public void The_XML_through_JSON_and_back_equals_the_original(string xmlFile)
    {
        var original = CorpusFiles.Bytes(xmlFile);

        var back = CorpusFiles.Write(CorpusFiles.Through(CorpusFiles.Read(original), CisuEncoding.Json), CisuEncoding.Xml);

        TreeAssert.XmlEqual(TreeAssert.Xml(original), TreeAssert.Xml(back));
    }

    [TestMethod]
    public void Free_content_keeps_its_values_but_not_its_one_item_arrays()
    {
        var original = CorpusFiles.Json(CorpusFiles.Bytes("examples/RS-ERROR/RS-ERROR.json"));
        var doc = CorpusFiles.Read(CorpusFiles.Bytes("examples/RS-ERROR/RS-ERROR.json"));

        var back = CorpusFiles.Json(CorpusFiles.Write(CorpusFiles.Through(doc, CisuEncoding.Xml), CisuEncoding.Json));

        // XML has no types for content the schema leaves free: the one content object comes back without its array.
        var content = original["error"]!["sourceMessage"]!["content"]!.AsArray();
        original["error"]!["sourceMessage"]!["content"] = content[0]!.DeepClone();
        TreeAssert.JsonEqual(original, back);
    }
}
