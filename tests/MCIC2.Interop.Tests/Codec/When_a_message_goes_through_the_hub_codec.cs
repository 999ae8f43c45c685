using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Tests.Support;
using MCIC2.Interop.Tests.Validation;

namespace MCIC2.Interop.Tests.Codec;

/// <summary>The whole decode → canonical → encode path, as the hub runs it, on the official corpus.</summary>
[TestClass]
public sealed class When_a_message_goes_through_the_hub_codec
{
    /// <summary>Valid samples the official schemas themselves refuse (see adapters/Cisu/Encoding/README.md);
    /// the validation tests pin down why each one is refused.</summary>
    private static readonly HashSet<string> RefusedSamples =
    [
        Path.Combine("sample", "valid", "EDXL-DE", "EDXL-DE.xml"),
        Path.Combine("sample", "valid", "RS-EDA", "RS-EDA.xml"),
    ];

    public static IEnumerable<object[]> Examples => Corpus.Files("examples", ".json", ".xml");

    /// <summary>The bare TECHNICAL samples have no root key: they are not messages a partner could send as such.</summary>
    public static IEnumerable<object[]> ValidSamples => Corpus.Files("sample/valid", ".json", ".xml")
        .Where(row => !RefusedSamples.Contains((string)row[0]) && !((string)row[0]).Contains("TECHNICAL", StringComparison.Ordinal));

    [TestMethod]
    [DynamicData(nameof(Examples))]
    [DynamicData(nameof(ValidSamples))]
    public void It_comes_back_identical_in_its_own_encoding_even_through_canonical_JSON(string file)
    {
        var original = Corpus.Bytes(file);
        var decoded = CisuCodec.Shared.Decode(original);
        var reread = CanonicalJson.Read(CanonicalJson.Write(decoded.Message));

        var written = CisuCodec.Shared.Encode(reread, decoded.Encoding);

        if (decoded.Encoding == CisuEncoding.Xml) TreeAssert.XmlEqual(TreeAssert.Xml(original), TreeAssert.Xml(written));
        else TreeAssert.JsonEqual(JsonNode.Parse(original), JsonNode.Parse(written));
    }

    [TestMethod]
    [DynamicData(nameof(XmlExamplesWithTwins))]
    public void An_XML_example_converts_through_canonical_to_exactly_its_JSON_twin(string xmlFile)
    {
        var decoded = CisuCodec.Shared.Decode(Corpus.Bytes(xmlFile));

        var json = CisuCodec.Shared.Encode(decoded.Message, CisuEncoding.Json);

        TreeAssert.JsonEqual(JsonNode.Parse(Corpus.Bytes(Path.ChangeExtension(xmlFile, ".json"))), JsonNode.Parse(json));
    }

    public static IEnumerable<object[]> XmlExamplesWithTwins => Corpus.Files("examples", ".xml");

    [TestMethod]
    [DynamicData(nameof(FailingSamples))]
    public void A_failing_sample_is_refused_with_the_reference_code_and_the_path_of_each_problem(string file)
    {
        var input = Corpus.Bytes(file);
        if (file.Contains("TECHNICAL", StringComparison.Ordinal) && file.EndsWith(".json", StringComparison.Ordinal))
        {
            // the bare TECHNICAL samples are the use-case object itself: name it, as a partner's message would
            var family = Path.GetFileName(Path.GetDirectoryName(file))!;
            var root = CisuUseCases.ByFamily(family)!.RootKey;
            input = System.Text.Encoding.UTF8.GetBytes(new JsonObject { [root] = JsonNode.Parse(input) }.ToJsonString());
        }

        var rejected = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Decode(input));

        Assert.AreEqual(ReferenceErrors.Code(file), rejected.Code, file);
        ReferenceErrors.AssertSameProblems(file, rejected.Problems);
    }

    [TestMethod]
    public void A_message_with_no_known_use_case_is_refused_300_as_Hub_Sante_does()
    {
        // the distribution Hub Santé's own RS-ERROR example sends back: its message holds only an unknown property
        var refused = Corpus.Json(Corpus.Bytes(Path.Combine("examples", "RS-ERROR", "RS-ERROR.json")))["error"]!["sourceMessage"]!;

        var rejected = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(refused.ToJsonString())));

        Assert.AreEqual(HubErrorCode.InvalidMessage, rejected.Code);
        Assert.IsTrue(rejected.Problems.Any(p => p.Path == "$.content[0].jsonContent.embeddedJsonContent.message" && p.Message.StartsWith("no use case found", StringComparison.Ordinal)),
            string.Join("\n", rejected.Problems));
        Assert.IsTrue(rejected.Problems.All(p => p.Code == HubErrorCode.InvalidMessage), string.Join("\n", rejected.Problems));
    }

    public static IEnumerable<object[]> FailingSamples => Corpus.Files("sample/failing", ".json", ".xml");

    private static readonly string TwoContents = Path.Combine("sample", "valid", "EDXL-DE", "EDXL-DE.json");

    [TestMethod]
    public void A_distribution_with_two_content_objects_is_mapped_on_the_first_and_carries_the_second_unchanged()
    {
        var decoded = CisuCodec.Shared.Decode(Corpus.Bytes(TwoContents));

        Assert.AreEqual(CisuUseCases.ByRootKey("technicalNoreq")!.Family, decoded.Message.Family);
        var additional = decoded.Message.Preserved[CisuCodec.AdditionalContentsKey];
        TreeAssert.JsonEqual(JsonNode.Parse("""[{"technicalNoreq": {"integerField": 1}}]"""), additional);
    }

    [TestMethod]
    public void A_distribution_with_two_content_objects_goes_JSON_to_XML_to_JSON_through_canonical_unchanged()
    {
        var original = Corpus.Bytes(TwoContents);

        var xml = CisuCodec.Shared.Encode(CanonicalJson.Read(CanonicalJson.Write(CisuCodec.Shared.Decode(original).Message)), CisuEncoding.Xml);
        var fromXml = CisuCodec.Shared.Decode(xml);
        var json = CisuCodec.Shared.Encode(CanonicalJson.Read(CanonicalJson.Write(fromXml.Message)), CisuEncoding.Json);

        Assert.AreEqual(CisuEncoding.Xml, fromXml.Encoding);
        TreeAssert.JsonEqual(JsonNode.Parse(original), JsonNode.Parse(json));
        // and the XML comes back alike in its own encoding
        TreeAssert.XmlEqual(TreeAssert.Xml(xml), TreeAssert.Xml(CisuCodec.Shared.Encode(fromXml.Message, CisuEncoding.Xml)));
    }

    [TestMethod]
    public void A_case_read_as_XML_in_an_envelope_is_written_back_in_an_envelope_with_its_namespaces()
    {
        var original = Corpus.Bytes(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml"));
        var message = CisuCodec.Shared.Decode(original).Message;

        Assert.IsNotNull(message.Distribution, "envelope in, envelope out");
        var written = System.Text.Encoding.UTF8.GetString(CisuCodec.Shared.Encode(message, CisuEncoding.Xml));
        StringAssert.Contains(written, "urn:emergency:cisu:3.0");
        StringAssert.Contains(written, "<edxlDistribution");
    }

    [TestMethod]
    public void A_case_translated_to_EMSI_is_a_valid_EMSI_message_naming_the_shared_case()
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json"))).Message;

        var emsiXml = CisuCodec.Shared.Encode(message, CisuEncoding.Xml, MessageFamilies.Emsi);
        var emsi = CisuCodec.Shared.Decode(emsiXml);

        Assert.AreEqual(MessageFamilies.Emsi, emsi.Message.Family);
        Assert.AreEqual("fr.fire.CGA_national.SC-20240813-CGA_national-AT517", emsi.Message.Incident!.Identity.EmsiMainEventId);
        Assert.AreEqual(47.9657986m, emsi.Message.Incident.Location!.Point!.Latitude);
    }

    [TestMethod]
    public void A_code_missing_from_the_lists_is_accepted_and_reported_as_a_notice()
    {
        var json = System.Text.Encoding.UTF8.GetString(Corpus.Bytes(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json")))
            .Replace("\"M01.01\"", "\"M01.01.09\"", StringComparison.Ordinal);

        var decoded = CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.AreEqual("M01.01.09", decoded.Message.Incident!.Qualification!.HealthMotive!.Code);
        Assert.IsTrue(decoded.Notices.Any(n => n.Path == "incident.qualification.healthMotive" && n.Message.Contains("M01.01.09", StringComparison.Ordinal)),
            string.Join("\n", decoded.Notices));
    }

    [TestMethod]
    public void A_message_a_family_cannot_express_is_refused_as_a_conversion_error_not_sent_invalid()
    {
        var ack = CisuCodec.Shared.Decode(Corpus.Bytes(Path.Combine("examples", "RC-REF", "RC-REF.json"))).Message;

        var rejected = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Encode(ack, CisuEncoding.Json, MessageFamilies.CaseCreation));

        Assert.AreEqual(HubErrorCode.MessageConversionError, rejected.Code);
    }
}
