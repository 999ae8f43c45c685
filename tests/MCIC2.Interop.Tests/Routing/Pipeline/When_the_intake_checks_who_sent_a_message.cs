using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>
/// The intake's checks, the same on every channel and in Hub Santé's order and codes: persistent (100), a content type
/// it reads (101), the sender it knows (703) and the one the channel authenticated (200), named alike in the header
/// (200), a distribution id of the sender's (300). A refused message is never queued; its sender gets an RS-ERROR.
/// </summary>
[TestClass]
public sealed class When_the_intake_checks_who_sent_a_message
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private static readonly FakeTimeProvider Time = new(PartnerMessages.Morning);

    private readonly RecordingQueue _queue = new();

    private MessageIntake Intake(IntakeOptions? options = null, params Partner[] partners) =>
        new(_queue, TestLinks.Formats, Time, new KnownSenders(partners.Length > 0 ? partners : [Partner(Sdis), Partner(Samu)]), options);

    private static Partner Partner(string id, string? tokenSha256 = null, string? certificateSha256 = null) =>
        IntakePartner.Of(id, tokenSha256: tokenSha256, certificateSha256: certificateSha256);

    private static byte[] Case(string sender = Sdis, string? distributionId = null) =>
        PartnerMessages.Bytes(PartnerMessages.FireCase, sender, distributionId ?? $"{sender}_CHECK-1", PartnerMessages.Morning);

    private static InboundMessage Inbound(byte[] body, string? authenticated = null, string? claimed = null, bool persistent = true, string contentType = "application/json") =>
        new(body, contentType, "test", authenticated, claimed, persistent);

    [TestMethod]
    public async Task A_message_from_the_partner_the_channel_authenticated_is_queued()
    {
        var verdict = await Intake().ReceiveAsync(Inbound(Case(), authenticated: Sdis, claimed: Sdis), CancellationToken.None);

        Assert.AreEqual(new IntakeVerdict.Accepted($"{Sdis}_CHECK-1"), verdict);
        Assert.AreEqual(("cisu-json", Sdis), (_queue.Queued.Single().Format, _queue.Queued.Single().SenderId));
    }

    [TestMethod]
    public async Task A_message_sent_as_another_partner_is_refused_200_and_its_real_sender_is_told()
    {
        var verdict = await Intake().ReceiveAsync(Inbound(Case(Samu), authenticated: Sdis, claimed: Sdis), CancellationToken.None);

        var refused = _queue.AssertRefused(verdict, HubErrorCode.SenderInconsistency);
        Assert.AreEqual(Sdis, refused.Reply!.PartnerId, "the error goes to whom the channel vouches for, not to the name in the message");
        Assert.AreEqual("Error", refused.Reply.DistributionKind);
        StringAssert.Contains(System.Text.Encoding.UTF8.GetString(refused.Reply.Body), "SENDER_INCONSISTENCY");
    }

    [TestMethod]
    public async Task A_routing_key_other_than_the_envelope_sender_is_refused_200()
    {
        _queue.AssertRefused(await Intake().ReceiveAsync(Inbound(Case(Samu), claimed: Sdis), CancellationToken.None), HubErrorCode.SenderInconsistency);
    }

    [TestMethod]
    public async Task A_non_persistent_message_is_refused_100()
    {
        _queue.AssertRefused(await Intake().ReceiveAsync(Inbound(Case(), authenticated: Sdis, persistent: false), CancellationToken.None), HubErrorCode.DeliveryModeInconsistency);
    }

    [TestMethod]
    public async Task A_content_type_the_hub_does_not_read_is_refused_101()
    {
        _queue.AssertRefused(await Intake().ReceiveAsync(Inbound(Case(), authenticated: Sdis, contentType: "text/plain"), CancellationToken.None), HubErrorCode.NotAllowedContentType);
    }

    [TestMethod]
    public async Task A_body_that_is_not_what_its_content_type_says_is_refused_102()
    {
        var xml = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, $"{Sdis}_CHECK-1", PartnerMessages.Morning, encoding: MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Xml);

        _queue.AssertRefused(await Intake().ReceiveAsync(Inbound(xml, authenticated: Sdis), CancellationToken.None), HubErrorCode.UnrecognizedMessageFormat);
    }

    [TestMethod]
    public async Task A_distribution_id_that_is_not_the_senders_is_refused_300()
    {
        var verdict = await Intake().ReceiveAsync(Inbound(Case(Sdis, distributionId: $"{Samu}_CHECK-1"), authenticated: Sdis), CancellationToken.None);

        var refused = _queue.AssertRefused(verdict, HubErrorCode.InvalidMessage);
        Assert.AreEqual("$.distributionID", refused.Rejection.Problems.Single().Path);
    }

    [TestMethod]
    public async Task A_header_sender_that_only_ends_with_the_sender_id_is_refused_200()
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Sdis, $"{Sdis}_CHECK-1", PartnerMessages.Morning);
        message.Distribution!.Header!.Sender = new CanonicalModel.Messages.Party { Name = Sdis, Uri = $"evil:{Sdis}" };
        var body = MCIC2.Interop.Adapters.Cisu.CisuCodec.Shared.Encode(message, MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Json);

        _queue.AssertRefused(await Intake().ReceiveAsync(Inbound(body, authenticated: Sdis), CancellationToken.None), HubErrorCode.SenderInconsistency);
    }

    [TestMethod]
    public async Task A_partner_with_a_token_must_authenticate()
    {
        var intake = Intake(null, Partner(Sdis, tokenSha256: new string('a', 64)));

        _queue.AssertRefused(await intake.ReceiveAsync(Inbound(Case()), CancellationToken.None), HubErrorCode.SenderInconsistency);
    }

    [TestMethod]
    public async Task A_partner_with_a_certificate_must_authenticate()
    {
        var intake = Intake(null, Partner(Sdis, certificateSha256: new string('b', 64)));

        _queue.AssertRefused(await intake.ReceiveAsync(Inbound(Case()), CancellationToken.None), HubErrorCode.SenderInconsistency);
    }

    [TestMethod]
    public async Task Without_credentials_in_the_rules_a_partner_is_accepted_unauthenticated_only_in_development_mode()
    {
        Assert.IsInstanceOfType<IntakeVerdict.Accepted>(await Intake().ReceiveAsync(Inbound(Case()), CancellationToken.None));
        _queue.Queued.Clear();

        var production = Intake(new IntakeOptions(RequireAuthentication: true));
        _queue.AssertRefused(await production.ReceiveAsync(Inbound(Case(distributionId: $"{Sdis}_CHECK-2")), CancellationToken.None), HubErrorCode.SenderInconsistency);
    }

    [TestMethod]
    public async Task An_unknown_sender_is_refused_703_and_nobody_can_be_told()
    {
        var verdict = await Intake().ReceiveAsync(Inbound(Case("fr.fire.sdis99")), CancellationToken.None);

        Assert.IsNull(_queue.AssertRefused(verdict, HubErrorCode.UnknownSender).Reply);
    }

    [TestMethod]
    public async Task A_message_that_cannot_be_read_is_answered_to_the_partner_the_channel_vouches_for()
    {
        var verdict = await Intake().ReceiveAsync(Inbound("{\"not\": \"cisu\"}"u8.ToArray(), authenticated: Sdis, claimed: Sdis), CancellationToken.None);

        var refused = _queue.AssertRefused(verdict, HubErrorCode.InvalidMessage);
        Assert.AreEqual(Sdis, refused.Reply!.PartnerId);
    }

    [TestMethod]
    public async Task A_refusal_quoting_a_huge_name_still_reaches_its_sender_with_a_bounded_cause()
    {
        var message = System.Text.Json.Nodes.JsonNode.Parse(Case())!;
        message["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["createCase"]![new string('n', 100_000)] = "x";

        var verdict = await Intake().ReceiveAsync(Inbound(System.Text.Encoding.UTF8.GetBytes(message.ToJsonString()), authenticated: Sdis), CancellationToken.None);

        var reply = _queue.AssertRefused(verdict, HubErrorCode.InvalidMessage).Reply ?? throw new AssertFailedException("the sender was not told");
        var cause = MCIC2.Interop.Adapters.Cisu.CisuCodec.Shared.Decode(reply.Body).Message.Error!.Cause;
        Assert.IsLessThanOrEqualTo(MCIC2.Interop.Routing.Processing.OutgoingMessages.MaxCauseLength, cause.Length);
        StringAssert.StartsWith(cause, "300 $.content[0]");
    }
}
