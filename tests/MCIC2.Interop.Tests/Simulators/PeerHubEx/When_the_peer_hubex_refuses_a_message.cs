using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using static MCIC2.Interop.Tests.Simulators.PeerHubEx.TestPeerHubEx;

namespace MCIC2.Interop.Tests.Simulators.PeerHubEx;

/// <summary>
/// Each of Hub Santé's dispatcher checks, as the simulator applies them: the sender gets on its <c>.info</c> an
/// RS-ERROR with the check's code, from the HubEx's own id, valid against the official schemas, referencing the
/// refused distribution; the would-be recipient gets nothing.
/// </summary>
[TestClass]
public sealed class When_the_peer_hubex_refuses_a_message
{
    private static TestPeerHubEx s_hub = null!;
    private static HubExTestClient s_samu35 = null!;
    private static HubExTestClient s_samu69 = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_hub = await TestPeerHubEx.StartAsync(context.CancellationToken);
        s_samu35 = await s_hub.ConnectAsync(Samu35, context.CancellationToken);
        s_samu69 = await s_hub.ConnectAsync(Samu69, context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_samu35.DisposeAsync();
        await s_samu69.DisposeAsync();
        await s_hub.DisposeAsync();
    }

    private byte[] Report(string internalId) => s_hub.Message(PartnerMessages.FireCase, Samu35, Samu69, internalId);

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_content_type_other_than_json_or_xml_is_101()
    {
        await s_samu35.PublishAsync(Report("m101"), TestContext.CancellationToken, contentType: "text/plain");
        await AssertRefusedAsync(HubErrorCode.NotAllowedContentType, referenced: "");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_message_not_persistent_is_100()
    {
        await s_samu35.PublishAsync(Report("m100"), TestContext.CancellationToken, persistent: false);
        await AssertRefusedAsync(HubErrorCode.DeliveryModeInconsistency, referenced: "");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_sender_id_other_than_the_routing_key_is_200()
    {
        // SAMU 35 publishes (its own routing key, the only one its topic permission allows) a message claiming to be SAMU 69's.
        await s_samu35.PublishAsync(s_hub.Message(PartnerMessages.FireCase, Samu69, Samu35, "m200"), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.SenderInconsistency, referenced: $"{Samu69}_m200");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_distribution_id_without_the_senders_prefix_is_300()
    {
        var envelope = Envelope(Report("m300"));
        envelope["distributionID"] = $"{Samu69}_m300";
        await s_samu35.PublishAsync(Encoding.UTF8.GetBytes(envelope.ToJsonString()), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.InvalidMessage, referenced: $"{Samu69}_m300", cause: "distributionID");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_message_against_the_schemas_is_300_with_the_path()
    {
        var envelope = Envelope(Report("schema"));
        envelope["distributionStatus"] = "Imaginary";
        await s_samu35.PublishAsync(Encoding.UTF8.GetBytes(envelope.ToJsonString()), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.InvalidMessage, referenced: $"{Samu35}_schema", cause: "distributionStatus");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_use_case_the_vhosts_version_does_not_carry_is_301()
    {
        // The test HubEx's version carries no RC-RI.
        await s_samu35.PublishAsync(s_hub.Message(PartnerMessages.FireResources, Samu35, Samu69, "m301"), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.SchemaNotFound, referenced: $"{Samu35}_m301", cause: "RC-RI");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_message_already_expired_is_400()
    {
        await s_samu35.PublishAsync(s_hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "m400", expiresIn: TimeSpan.FromSeconds(-1)), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.ExpiredMessageBeforeRouting, referenced: $"{Samu35}_m400");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_recipient_that_is_no_client_is_501()
    {
        await s_samu35.PublishAsync(s_hub.Message(PartnerMessages.FireCase, Samu35, "fr.health.samu99", "m501"), TestContext.CancellationToken);
        await AssertRefusedAsync(HubErrorCode.UnroutableMessage, referenced: $"{Samu35}_m501", cause: "fr.health.samu99");
    }

    private async Task AssertRefusedAsync(HubErrorCode code, string referenced, string? cause = null)
    {
        var ct = TestContext.CancellationToken;
        var received = await s_samu35.ReceiveAsync(ClientQueue.Info, ct);
        Assert.AreEqual(HubId, received.BasicProperties.UserId, "sent by the HubEx itself");
        var envelope = JsonNode.Parse(received.Body.ToArray())!;
        Assert.AreEqual(0, JsonSchemaValidator.Shared.ValidateEnvelope(envelope).Count, envelope.ToJsonString());
        Assert.AreEqual(HubId, (string?)envelope["senderID"]);
        Assert.AreEqual("Error", (string?)envelope["distributionKind"]);
        Assert.AreEqual(Samu35, (string?)envelope["descriptor"]!["explicitAddress"]!["explicitAddressValue"]);
        var error = ErrorOf(received.Body.ToArray());
        Assert.AreEqual((int)code, (int)error["errorCode"]!["statusCode"]!, error.ToJsonString());
        Assert.AreEqual(code.StatusString(), (string?)error["errorCode"]!["statusString"]);
        Assert.AreEqual(referenced, (string?)error["referencedDistributionID"]);
        if (cause is not null) StringAssert.Contains((string?)error["errorCause"], cause);
        Assert.AreEqual(0u, await s_samu69.CountAsync(ClientQueue.Message, ct), "nothing delivered");
    }
}
