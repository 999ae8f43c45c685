using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Tests.JsonXml;

[TestClass]
public sealed class When_hostile_or_broken_input_is_read
{
    private static MessageRejectedException Refused(string input) => Refused(System.Text.Encoding.UTF8.GetBytes(input));

    private static MessageRejectedException Refused(byte[] input) =>
        Assert.ThrowsExactly<MessageRejectedException>(() => new CisuReader().Read(input));

    [TestMethod]
    public void An_external_entity_is_refused_without_being_resolved()
    {
        var e = Refused("""
            <?xml version="1.0"?>
            <!DOCTYPE createCase [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <createCase xmlns="urn:emergency:eda:1.9:createCase"><caseId>&xxe;</caseId></createCase>
            """);

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "DTD");
        Assert.DoesNotContain("root:", e.Message);
    }

    [TestMethod]
    public void Entity_expansion_is_refused()
    {
        var e = Refused("""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><createCase xmlns="urn:emergency:eda:1.9:createCase"><caseId>&b;</caseId></createCase>""");

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "DTD");
    }

    [TestMethod]
    public void An_oversized_input_is_refused()
    {
        var input = new byte[CisuBounds.MaxInputBytes + 1];
        input.AsSpan().Fill((byte)' ');
        input[0] = (byte)'{';

        Assert.AreEqual(HubErrorCode.InvalidMessage, Refused(input).Code);
    }

    [TestMethod]
    public void Too_deep_JSON_is_refused()
    {
        var deep = new string('[', CisuBounds.MaxDepth + 1) + new string(']', CisuBounds.MaxDepth + 1);

        var e = Refused($$"""{"createCase": {{deep}}}""");

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "nesting deeper");
    }

    [TestMethod]
    public void Too_deep_XML_is_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", CisuBounds.MaxDepth)) + string.Concat(Enumerable.Repeat("</a>", CisuBounds.MaxDepth));

        var e = Refused($"""<createCase xmlns="urn:emergency:eda:1.9:createCase">{deep}</createCase>""");

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "nesting deeper");
    }

    [TestMethod]
    public void Malformed_JSON_gives_102_with_its_position()
    {
        var e = Refused("{\n  \"createCase\": {\n    \"caseId\": ,\n  }\n}");

        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "line 3");
    }

    [TestMethod]
    public void Malformed_XML_gives_102_with_its_position()
    {
        var e = Refused("<createCase xmlns=\"urn:emergency:eda:1.9:createCase\">\n  <caseId>x</caseID>\n</createCase>");

        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "line 2");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("caseId=1")]
    public void Neither_JSON_nor_XML_gives_102(string input) =>
        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, Refused(input).Code);

    [TestMethod]
    [DataRow("""{"somethingElse": {}}""", "$")]
    [DataRow("""<somethingElse xmlns="urn:emergency:eda:1.9:createCase"/>""", "$")]
    [DataRow("""<createCase xmlns="urn:other"/>""", "$")]
    [DataRow("""{"distributionID": "x", "content": [{"jsonContent": {"embeddedJsonContent": {"message": {"unknown_property": "unknown_value"}}}}]}""",
        "$.content[0].jsonContent.embeddedJsonContent.message")]
    [DataRow("""<edxlDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:2.0"><content><contentObject><contentXML><embeddedXMLContent><message xmlns="urn:emergency:eda:1.9"><unknown_property>unknown_value</unknown_property></message></embeddedXMLContent></contentXML></contentObject></content></edxlDistribution>""",
        "$.content[0].jsonContent.embeddedJsonContent.message")]
    public void No_known_use_case_is_a_schema_violation_as_Hub_Sante_answers_it(string input, string path)
    {
        var e = Refused(input);

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        Assert.AreEqual(path, e.Problems[0].Path);
    }

    [TestMethod]
    public void An_unknown_element_is_refused_with_its_path_and_line()
    {
        var e = Refused("<createCase xmlns=\"urn:emergency:eda:1.9:createCase\">\n  <caseId>x</caseId>\n  <location><city><zip>1</zip></city></location>\n</createCase>");

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        Assert.AreEqual("$.createCase.location.city.zip", e.Problems[0].Path);
        StringAssert.Contains(e.Problems[0].Message, "line 3");
    }

    [TestMethod]
    public void Every_unknown_JSON_property_is_reported()
    {
        var e = Refused("""{"createCase": {"caseId": "x", "colour": "red", "location": {"zip": "1"}}}""");

        CollectionAssert.AreEquivalent(new[] { "$.createCase.colour", "$.createCase.location.zip" }, e.Problems.Select(p => p.Path).ToList());
    }

    [TestMethod]
    public void A_mistyped_value_is_refused()
    {
        var e = Refused("""<geoPositionsUpdate xmlns="urn:emergency:eda:1.9:geopositionsupdate"><position><coord><lat>north</lat></coord></position></geoPositionsUpdate>""");

        Assert.AreEqual("$.geoPositionsUpdate.position[0].coord.lat", e.Problems[0].Path);
    }

    [TestMethod]
    public void Two_use_cases_in_one_message_are_refused()
    {
        var e = Refused("""
            {"distributionID": "d", "content": [{"jsonContent": {"embeddedJsonContent": {"message": {
              "messageId": "m", "createCase": {"caseId": "x"}, "reference": {"distributionID": "d"}}}}}]}
            """);

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        StringAssert.Contains(e.Problems[0].Message, "several use cases");
    }

    [TestMethod]
    public void A_duplicate_JSON_property_is_refused() =>
        Assert.AreEqual(HubErrorCode.InvalidMessage, Refused("""{"createCase": {"caseId": "x", "caseId": "y"}}""").Code);
}
