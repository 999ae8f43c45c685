using MCIC2.Interop.Adapters.Cisu.Encoding;

namespace MCIC2.Interop.Tests.Encoding;

/// <summary>The bare payload examples: each XML/JSON pair carries the same values.</summary>
[TestClass]
public sealed class When_a_CISU_example_is_converted
{
    public static IEnumerable<object[]> XmlExamples => CorpusFiles.Under("examples", ".xml");

    public static IEnumerable<object[]> JsonExamples => CorpusFiles.Under("examples", ".json");

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
}
