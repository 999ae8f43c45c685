using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Codec;

/// <summary>
/// Issue 7, point 1, at the format level every channel shares: text that is not Unicode, numbers beyond what the
/// mapping reads, in JSON and XML, in the case and in an RS-ERROR's free sourceMessage. Each used to escape as an
/// InvalidOperationException (System.Text.Json reads strings and numbers lazily: the parse succeeds, the first read
/// of the value throws); each is now a refusal with its code and path, and a message with no character that would
/// make the error report itself unwritable.
/// </summary>
[TestClass]
public sealed class When_a_message_carries_what_the_hub_cannot_read
{
    public static IEnumerable<object[]> Hostile => HostileMessages.Names;

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public void The_codec_refuses_it_with_its_code_and_path(string name)
    {
        var hostile = HostileMessages.Named(name, PartnerMessages.Morning);

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Decode(hostile.Body));

        Assert.AreEqual(hostile.Code, refused.Code, refused.Message);
        Assert.IsTrue(refused.Problems.Any(p => p.Path.StartsWith(hostile.Path, StringComparison.Ordinal)), $"expected a problem at {hostile.Path}: {refused.Message}");
        Assert.IsFalse(refused.Problems.Any(p => p.Message.Any(c => char.IsControl(c) || char.IsSurrogate(c))), $"a problem quotes an unwritable character: {refused.Message}");
    }

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public void The_format_of_its_encoding_refuses_it_alike(string name)
    {
        var hostile = HostileMessages.Named(name, PartnerMessages.Morning);
        IMessageFormat format = name.StartsWith("XML", StringComparison.Ordinal) ? CisuFormat.Xml : CisuFormat.Json;

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => format.Decode(hostile.Body));

        Assert.AreEqual(hostile.Code, refused.Code, refused.Message);
    }

    [TestMethod]
    public void A_number_just_within_a_decimal_is_read()
    {
        var message = Encoding.UTF8.GetString(PartnerMessages.Bytes(PartnerMessages.FireCase, HostileMessages.Sender, "fr.fire.sdis35_NUM-1", PartnerMessages.Morning))
            .Replace("47.9657986", "1e-999", StringComparison.Ordinal);

        var decoded = CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(message));

        Assert.AreEqual(0m, decoded.Message.Incident!.Location!.Point!.Latitude, "an underflow reads as zero, as any decimal reader does");
    }

    [TestMethod]
    public void A_property_twice_in_one_object_is_refused_at_its_path()
    {
        var refused = Assert.ThrowsExactly<MessageRejectedException>(() =>
            CisuCodec.Shared.Decode("""{"createCase": {"caseId": "fr.fire.sdis35.A", "caseId": "fr.fire.sdis35.B"}}"""u8));

        Assert.AreEqual(HubErrorCode.InvalidMessage, refused.Code);
        Assert.AreEqual("$.createCase.caseId", refused.Problems[0].Path);
    }

    [TestMethod]
    public void A_canonical_message_with_text_that_is_not_Unicode_is_refused_by_its_format()
    {
        var canonical = """{"family": "RC-EDA", "incident": {"identity": {"caseId": "A\ud800"}}}"""u8.ToArray();

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => CanonicalJsonFormat.Instance.Decode(canonical));

        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, refused.Code);
    }

    [TestMethod]
    public void A_value_XML_cannot_carry_fails_the_conversion_to_XML_at_its_path()
    {
        var json = JsonNode.Parse(PartnerMessages.Bytes(PartnerMessages.FireCase, HostileMessages.Sender, "fr.fire.sdis35_NUL-1", PartnerMessages.Morning))!;
        json["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["createCase"]!["location"]!["freetext"] = "a\u0000b";
        var message = CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(json.ToJsonString())).Message;

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Encode(message, CisuEncoding.Xml));

        Assert.AreEqual(HubErrorCode.MessageConversionError, refused.Code);
        Assert.AreEqual("$.content[0].jsonContent.embeddedJsonContent.message.createCase.location.freetext", refused.Problems[0].Path);
        StringAssert.Contains(refused.Problems[0].Message, "U+0000");
    }
}
