using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

/// <summary>
/// Issue 7, points 5 and 8: what the official schemas leave unbounded or unchecked. Ids travel in AMQP and HTTP headers
/// (255 bytes for an AMQP message-id) and key the hub's tables, so they are bounded to <see cref="CisuBounds.MaxIdBytes"/>,
/// other strings to <see cref="CisuBounds.MaxTextBytes"/>; the RC-DE header of an RS-ERROR (which the schemas let travel
/// without one) is validated when it is there; a date-time must exist on the calendar.
/// </summary>
[TestClass]
public sealed class When_an_id_a_string_or_a_header_is_out_of_bounds
{
    private const string Sender = HostileMessages.Sender;
    private const string MessagePath = "$.content[0].jsonContent.embeddedJsonContent.message";

    /// <summary>The fire case as JSON, to edit: the hub's own encoder would refuse to write an id out of bounds.</summary>
    private static JsonNode FireCase(string? distributionId = null)
    {
        var message = JsonNode.Parse(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, $"{Sender}_BOUNDS-1", PartnerMessages.Morning))!;
        if (distributionId is not null) message["distributionID"] = distributionId;
        return message;
    }

    private static JsonNode ErrorReport() =>
        JsonNode.Parse(PartnerMessages.Bytes("examples/RS-ERROR/RS-ERROR.json", Sender, $"{Sender}_BOUNDS-2", PartnerMessages.Morning, kind: "Error"))!;

    private static JsonNode Message(JsonNode message) => message["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!;

    [TestMethod]
    public void The_hub_never_writes_an_id_out_of_bounds()
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Sender, $"{Sender}_{new string('x', 200)}", PartnerMessages.Morning);

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Encode(message, CisuEncoding.Json));

        Assert.AreEqual(HubErrorCode.MessageConversionError, refused.Code);
        Assert.AreEqual("$.distributionID", refused.Problems[0].Path);
    }

    private static MessageRejectedException Refused(JsonNode message) =>
        Assert.ThrowsExactly<MessageRejectedException>(() => CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(message.ToJsonString())));

    private static void AssertRefusedAt(JsonNode message, string path, HubErrorCode code = HubErrorCode.InvalidMessage)
    {
        var refused = Refused(message);
        Assert.AreEqual(code, refused.Code, refused.Message);
        Assert.IsTrue(refused.Problems.Any(p => p.Path == path), $"expected a problem at {path}: {refused.Message}");
    }

    [TestMethod]
    public void A_distribution_id_of_a_hundred_kilobytes_is_refused_at_its_path()
    {
        AssertRefusedAt(FireCase($"{Sender}_{new string('x', 100_000)}"), "$.distributionID");
    }

    [TestMethod]
    public void A_distribution_id_of_exactly_the_bound_is_read()
    {
        var id = $"{Sender}_".PadRight(CisuBounds.MaxIdBytes, '7');

        var decoded = CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(FireCase(id).ToJsonString()));

        Assert.AreEqual(id, decoded.Message.Distribution!.DistributionId);
    }

    [TestMethod]
    public void The_bound_counts_bytes_not_characters()
    {
        // 60 characters of two bytes each: 130 bytes in all, over 128
        AssertRefusedAt(FireCase($"{Sender}_{new string('é', 60)}"), "$.distributionID");
    }

    [TestMethod]
    public void A_huge_sender_id_is_refused_at_its_path()
    {
        var message = FireCase();
        message["senderID"] = new string('s', 1_000_000);

        AssertRefusedAt(message, "$.senderID");
    }

    [TestMethod]
    public void A_huge_case_id_is_refused_at_its_path()
    {
        var message = FireCase();
        Message(message)["createCase"]!["caseId"] = "fr.fire.sdis35." + new string('c', 200_000);

        AssertRefusedAt(message, $"{MessagePath}.createCase.caseId");
    }

    [TestMethod]
    public void A_huge_message_id_in_the_header_is_refused_at_its_path()
    {
        var message = FireCase();
        Message(message)["messageId"] = new string('m', 300);

        AssertRefusedAt(message, $"{MessagePath}.messageId");
    }

    [TestMethod]
    [DataRow(CisuBounds.MaxTextBytes, true, DisplayName = "as long as the bound: read")]
    [DataRow(CisuBounds.MaxTextBytes + 1, false, DisplayName = "a byte over: refused")]
    public void A_free_text_is_read_up_to_the_bound(int length, bool read)
    {
        var message = FireCase();
        Message(message)["createCase"]!["location"]!["freetext"] = new string('t', length);

        if (read) Assert.IsNotNull(CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(message.ToJsonString())).Message.Incident);
        else AssertRefusedAt(message, $"{MessagePath}.createCase.location.freetext");
    }

    [TestMethod]
    public void A_huge_string_in_free_content_is_refused_at_its_path()
    {
        var message = ErrorReport();
        Message(message)["error"]!["sourceMessage"]!["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["unknown_property"] =
            new string('u', CisuBounds.MaxTextBytes + 1);

        AssertRefusedAt(message, $"{MessagePath}.error.sourceMessage.content[0].jsonContent.embeddedJsonContent.message.unknown_property");
    }

    [TestMethod]
    [DataRow("status", "", DisplayName = "an empty status")]
    [DataRow("kind", "Er\u0001ror", DisplayName = "a kind with a control character")]
    [DataRow("sentAt", "yesterday", DisplayName = "a sending time that is no date-time")]
    public void An_RS_ERROR_header_value_outside_its_schema_is_refused_at_its_path(string field, string value)
    {
        var message = ErrorReport();
        Message(message)[field] = value;

        AssertRefusedAt(message, $"{MessagePath}.{field}");
    }

    [TestMethod]
    public void The_hubs_own_RS_ERROR_with_its_header_is_valid()
    {
        var decoded = CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(ErrorReport().ToJsonString()));

        Assert.AreEqual("Error", decoded.Message.Distribution!.Header!.Kind);
    }

    [TestMethod]
    [DataRow("0001-01-01T00:00:00+01:00", DisplayName = "before year 1 in UTC")]
    [DataRow("9999-12-31T23:30:00-01:00", DisplayName = "after year 9999 in UTC")]
    [DataRow("0000-06-01T00:00:00+00:00", DisplayName = "year 0")]
    public void A_date_time_beyond_the_calendar_is_refused_as_invalid_not_as_a_conversion_error(string time)
    {
        var message = FireCase();
        message["dateTimeSent"] = time;

        AssertRefusedAt(message, "$.dateTimeSent");
    }
}
