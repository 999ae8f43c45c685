using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.JsonXml;

/// <summary>The complete messages of <c>sample/valid</c>. Their JSON and XML forms do not carry the same values,
/// so each is compared with its own round trips, never with its twin.</summary>
[TestClass]
public sealed class When_a_full_sample_round_trips
{
    /// <summary>Left out, each with the test that says why: EDXL-DE/EDXL-DE.xml and RS-EDA/RS-EDA.xml (elements
    /// their schema does not define).</summary>
    private static readonly string[] Refused = ["EDXL-DE/EDXL-DE.xml", "RS-EDA/RS-EDA.xml"];

    public static IEnumerable<object[]> Samples =>
        Corpus.Under("sample/valid", ".json").Concat(Corpus.Under("sample/valid", ".xml"))
            .Where(f => !Refused.Any(r => ((string)f[0]).EndsWith(r, StringComparison.Ordinal)));

    [TestMethod]
    [DynamicData(nameof(Samples))]
    public void It_is_written_back_alike_in_its_own_encoding(string file)
    {
        var original = Sample(file);
        var doc = Corpus.Read(original);

        AssertSameTree(file, original, Corpus.Write(doc, doc.Encoding));
    }

    [TestMethod]
    [DynamicData(nameof(Samples))]
    public void It_survives_a_trip_through_the_other_encoding(string file)
    {
        var original = Sample(file);
        var doc = Corpus.Read(original);
        var other = doc.Encoding == CisuEncoding.Json ? CisuEncoding.Xml : CisuEncoding.Json;

        var back = Corpus.Through(doc, other);

        Assert.AreEqual(doc.UseCase, back.UseCase);
        // JSON has no namespaces: the XML spelling travels beside the logical form, as the hub keeps it.
        var withStyle = new CisuDocument
        {
            UseCase = back.UseCase, Encoding = back.Encoding, Envelope = back.Envelope, Header = back.Header, Payload = back.Payload,
            AdditionalContents = back.AdditionalContents, Xml = doc.Xml,
        };
        AssertSameTree(file, original, Corpus.Write(withStyle, doc.Encoding));
    }

    [TestMethod]
    public void Two_content_objects_are_read_the_first_as_the_use_case_the_next_kept_in_order()
    {
        var doc = Corpus.Read(Corpus.Bytes(TwoContents));

        Assert.AreEqual("technicalNoreq", doc.UseCase.RootKey);
        TreeAssert.JsonEqual(JsonNode.Parse("""{"optionalStringField": "value"}"""), doc.Payload);
        Assert.HasCount(1, doc.AdditionalContents);
        TreeAssert.JsonEqual(JsonNode.Parse("""{"technicalNoreq": {"integerField": 1}}"""), doc.AdditionalContents[0]);
    }

    [TestMethod]
    public void Two_content_objects_in_XML_are_two_contentObject_elements_that_come_back_alike()
    {
        var xml = Corpus.Write(Corpus.Read(Corpus.Bytes(TwoContents)), CisuEncoding.Xml);
        var contentObjects = TreeAssert.Xml(xml).Descendants().Where(e => e.Name.LocalName == "contentObject").ToList();
        Assert.HasCount(2, contentObjects);
        Assert.IsTrue(contentObjects.All(c => c.Parent!.Name.LocalName == "content"));

        var doc = Corpus.Read(xml);

        Assert.HasCount(1, doc.AdditionalContents);
        TreeAssert.XmlEqual(TreeAssert.Xml(xml), TreeAssert.Xml(Corpus.Write(doc, CisuEncoding.Xml)));
        TreeAssert.JsonEqual(Corpus.Json(Corpus.Bytes(TwoContents)), Corpus.Json(Corpus.Write(doc, CisuEncoding.Json)));
    }

    [TestMethod]
    public void A_problem_in_a_later_content_object_is_reported_at_its_own_path()
    {
        var json = Corpus.Json(Corpus.Bytes(TwoContents))!;
        json["content"]![1]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["technicalNoreq"]!["unknown"] = 1;

        var e = Assert.ThrowsExactly<MessageRejectedException>(() => Corpus.Read(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())));

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        Assert.AreEqual("$.content[1].jsonContent.embeddedJsonContent.message.technicalNoreq.unknown", e.Problems[0].Path);
    }

    private const string TwoContents = "sample/valid/EDXL-DE/EDXL-DE.json";

    [TestMethod]
    [DataRow("sample/valid/EDXL-DE/EDXL-DE.xml", "technicalNoreq.key")]
    [DataRow("sample/valid/RS-EDA/RS-EDA.xml", "createCaseHealth.referenceVersion")]
    public void An_element_the_use_case_does_not_define_is_refused_with_its_path(string file, string path)
    {
        var e = Assert.ThrowsExactly<MessageRejectedException>(() => Corpus.Read(Corpus.Bytes(file)));

        Assert.AreEqual(HubErrorCode.InvalidMessage, e.Code);
        Assert.AreEqual($"{MessagePath}.{path}", e.Problems[0].Path);
    }

    private const string MessagePath = "$.content[0].jsonContent.embeddedJsonContent.message";

    /// <summary>The TECHNICAL JSON samples are the use-case object alone, without its key: nothing in them tells
    /// the use case, so they are given their key here.</summary>
    private static byte[] Sample(string file)
    {
        var bytes = Corpus.Bytes(file);
        if (!file.Contains("TECHNICAL", StringComparison.Ordinal) || !file.EndsWith(".json", StringComparison.Ordinal)) return bytes;
        return System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["technical"] = Corpus.Json(bytes) }.ToJsonString());
    }

    private static void AssertSameTree(string file, byte[] expected, byte[] actual)
    {
        if (file.EndsWith(".json", StringComparison.Ordinal)) TreeAssert.JsonEqual(Corpus.Json(expected), Corpus.Json(actual));
        else TreeAssert.XmlEqual(TreeAssert.Xml(expected), TreeAssert.Xml(actual));
    }
}
