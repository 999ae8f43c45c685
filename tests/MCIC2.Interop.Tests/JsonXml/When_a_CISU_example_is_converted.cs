using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Validation;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.JsonXml;

/// <summary>The bare payload examples: each XML/JSON pair carries the same values.</summary>
[TestClass]
public sealed class When_a_CISU_example_is_converted
{
    public static IEnumerable<object[]> XmlExamples => Corpus.Under("examples", ".xml");

    public static IEnumerable<object[]> JsonExamples => Corpus.Under("examples", ".json");

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

    private const string RsErrorExample = "examples/RS-ERROR/RS-ERROR.json";

    /// <summary>The XML twin of the RS-ERROR example (ANS ships it in JSON only): its sourceMessage is the whole
    /// distribution that was refused, in its JSON form, with one content object.</summary>
    private const string RsErrorXml = """
        <error xmlns="urn:emergency:eda:1.9:error">
          <errorCode><statusCode>100</statusCode><statusString>DELIVERY_MODE_INCONSISTENCY</statusString></errorCode>
          <errorCause>cause</errorCause>
          <sourceMessage>
            <distributionID>fr.health.samuA_2608323d-507d-4cbf-bf74-52007f8124ea</distributionID>
            <senderID>fr.health.samuA</senderID>
            <dateTimeSent>2022-07-25T10:04:34+01:00</dateTimeSent>
            <dateTimeExpires>2072-07-25T10:04:34+01:00</dateTimeExpires>
            <distributionStatus>Actual</distributionStatus>
            <distributionKind>Ack</distributionKind>
            <descriptor>
              <language>fr-FR</language>
              <explicitAddress><explicitAddressScheme>hubex</explicitAddressScheme><explicitAddressValue>fr.health.samuB</explicitAddressValue></explicitAddress>
            </descriptor>
            <content><jsonContent><embeddedJsonContent><message><unknown_property>unknown_value</unknown_property></message></embeddedJsonContent></jsonContent></content>
          </sourceMessage>
          <referencedDistributionID>fr.health.hub_2608323d-507d-4cbf-bf74-52007f8124ea</referencedDistributionID>
        </error>
        """;

    [TestMethod]
    public void An_RS_ERROR_read_from_XML_gives_its_source_distribution_a_content_array_as_the_schema_has()
    {
        var json = Corpus.Json(Corpus.Write(Corpus.Read(System.Text.Encoding.UTF8.GetBytes(RsErrorXml)), CisuEncoding.Json));

        Assert.IsInstanceOfType<JsonArray>(json["error"]!["sourceMessage"]!["content"]);
        Assert.IsEmpty(JsonSchemaValidator.Shared.ValidatePayload(json, "RS-ERROR"));
        TreeAssert.JsonEqual(Corpus.Json(Corpus.Bytes(RsErrorExample)), json);
    }

    [TestMethod]
    public void A_source_distribution_carrying_a_case_keeps_its_arrays_and_numbers_through_XML()
    {
        var original = Corpus.Json(Corpus.Bytes(RsErrorExample));
        // a valid case refused for a reason of its own (an out-of-sequence update, say): a typical source message
        original["error"]!["sourceMessage"] = Corpus.Json(Corpus.Bytes("sample/valid/RC-EDA/RC-EDA.json"));

        var back = ThroughXml(original);

        TreeAssert.JsonEqual(original, back);
        Assert.IsEmpty(JsonSchemaValidator.Shared.ValidateEnvelope(back["error"]!["sourceMessage"]));
    }

    [TestMethod]
    public void Free_content_that_is_no_distribution_keeps_its_values_but_not_its_one_item_arrays()
    {
        var original = Corpus.Json(Corpus.Bytes(RsErrorExample));
        original["error"]!["sourceMessage"] = JsonNode.Parse("""{"note": {"lines": ["one"]}}""");

        var back = ThroughXml(original);

        // XML has no types for content the schema leaves free: the one line comes back without its array.
        TreeAssert.JsonEqual(JsonNode.Parse("""{"note": {"lines": "one"}}"""), back["error"]!["sourceMessage"]);
    }

    private static JsonNode ThroughXml(JsonNode json) =>
        Corpus.Json(Corpus.Write(Corpus.Through(Corpus.Read(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())), CisuEncoding.Xml), CisuEncoding.Json));
}
