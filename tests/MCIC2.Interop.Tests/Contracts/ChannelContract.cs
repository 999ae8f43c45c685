using System.Text;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Contracts;

/// <summary>One message as the partner on the other side of a channel received it.</summary>
/// <param name="DeliveryId">The id the partner sees (a header, a message id): what lets it recognise a resend.</param>
public sealed record ReceivedByPartner(string DeliveryId, byte[] Body);

/// <summary>
/// What every partner channel must do, against the real service on its other side (as Rebus' transport tests hold
/// every transport to one suite). A fixture derives from it, marked <c>[TestClass]</c>, and implements the hooks: start
/// the other side and the channel, take the other side down and up, read what it received, say what it refuses, and —
/// for a channel that also receives — send to the hub as a partner. Each test starts afresh (TestInitialize).
/// </summary>
public abstract class ChannelContract
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    /// <summary>The channel under test, as the host composed it.</summary>
    protected abstract IPartnerChannel Channel { get; }

    /// <summary>The address (from the rules) of the partner on the other side.</summary>
    protected abstract string Address { get; }

    /// <summary>The clock the channel uses: messages are dated from it.</summary>
    protected abstract TimeProvider Clock { get; }

    /// <summary>Starts the other side (and whatever the channel needs) for one test.</summary>
    protected abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops and removes what <see cref="StartAsync"/> made.</summary>
    protected abstract Task StopAsync();

    /// <summary>Makes the other side unreachable (an outage, not a refusal).</summary>
    protected abstract Task TakeDownAsync(CancellationToken cancellationToken);

    protected abstract Task BringUpAsync(CancellationToken cancellationToken);

    /// <summary>Everything the partner received since the start, in the order it received it, once it has at least
    /// <paramref name="atLeast"/> (or when the fixture's patience ran out: the test then fails on the count).</summary>
    protected abstract Task<IReadOnlyList<ReceivedByPartner>> ReceivedAsync(int atLeast, CancellationToken cancellationToken);

    /// <summary>A form of <paramref name="message"/> the other side (or the channel itself) refuses for good.</summary>
    protected abstract OutgoingMessage Refusable(OutgoingMessage message);

    [TestInitialize]
    public Task StartContractAsync() => StartAsync(TestContext.CancellationToken);

    [TestCleanup]
    public Task StopContractAsync() => StopAsync();

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task It_delivers_a_message_with_its_body_and_delivery_id()
    {
        var ct = TestContext.CancellationToken;

        var result = await Channel.SendAsync(Message("d-1"), ct);

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Detail);
        var received = (await ReceivedAsync(1, ct)).Single();
        Assert.AreEqual("d-1", received.DeliveryId);
        CollectionAssert.AreEqual(Body("d-1"), received.Body);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task It_reports_a_refusal_with_its_reason()
    {
        var result = await Channel.SendAsync(Refusable(Message("d-refused")), TestContext.CancellationToken);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome, result.Detail);
        Assert.IsFalse(string.IsNullOrWhiteSpace(result.Detail), "a refusal says why");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task It_reports_a_transient_failure_while_the_other_side_is_down()
    {
        var ct = TestContext.CancellationToken;
        await TakeDownAsync(ct);

        var result = await Channel.SendAsync(Message("d-down"), ct);

        Assert.AreEqual(DeliveryOutcome.TransientFailure, result.Outcome, result.Detail);
        Assert.IsFalse(string.IsNullOrWhiteSpace(result.TransportCode), "a failure group for the operator");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task It_survives_an_outage_of_the_other_side_and_delivers_once_it_is_back()
    {
        var ct = TestContext.CancellationToken;
        Assert.AreEqual(DeliveryOutcome.Delivered, (await Channel.SendAsync(Message("d-before"), ct)).Outcome);
        await TakeDownAsync(ct);
        Assert.AreEqual(DeliveryOutcome.TransientFailure, (await Channel.SendAsync(Message("d-after"), ct)).Outcome);

        await BringUpAsync(ct);

        // As the delivery workers do: try again until it goes (the channel may be backing off its reconnection).
        var delivered = await Poll.UntilAsync(async () => (await Channel.SendAsync(Message("d-after"), ct)).Outcome == DeliveryOutcome.Delivered,
            Wait, every: TimeSpan.FromMilliseconds(200));
        Assert.IsTrue(delivered, "delivered after the outage");
        var received = await ReceivedAsync(2, ct);
        CollectionAssert.AreEqual(new[] { "d-before", "d-after" }, received.Select(r => r.DeliveryId).Distinct().ToList());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_resend_reaches_the_partner_with_the_same_delivery_id()
    {
        var ct = TestContext.CancellationToken;

        Assert.AreEqual(DeliveryOutcome.Delivered, (await Channel.SendAsync(Message("d-twice"), ct)).Outcome);
        Assert.AreEqual(DeliveryOutcome.Delivered, (await Channel.SendAsync(Message("d-twice"), ct)).Outcome);

        var received = await ReceivedAsync(2, ct);
        CollectionAssert.AreEqual(new[] { "d-twice", "d-twice" }, received.Select(r => r.DeliveryId).ToList());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task It_keeps_the_order_it_is_given()
    {
        var ct = TestContext.CancellationToken;
        var ids = Enumerable.Range(1, 20).Select(i => $"d-{i:00}").ToList();

        foreach (var id in ids) Assert.AreEqual(DeliveryOutcome.Delivered, (await Channel.SendAsync(Message(id), ct)).Outcome);

        CollectionAssert.AreEqual(ids, (await ReceivedAsync(ids.Count, ct)).Select(r => r.DeliveryId).ToList());
    }

    /// <summary>A message for <see cref="Address"/>; its body names its delivery id. A channel that carries only
    /// some families or one shape of body (a SOAP operation's) gives its own.</summary>
    protected virtual OutgoingMessage Message(string deliveryId) =>
        new(deliveryId, PartnerId: Address, Address: Address, IncidentKey: "incident-1", Family: "RC-EDA",
            DistributionKind: "Report", ContentType: "application/json", Body: Body(deliveryId),
            ExpiresAt: Clock.GetUtcNow().AddHours(1));

    /// <summary>The body of <see cref="Message"/>: what the partner must receive byte for byte.</summary>
    protected virtual byte[] Body(string id) => Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\"}}");
}

/// <summary>What a channel that also receives (an <see cref="IInboundChannel"/>'s side) must do besides sending:
/// report who authenticated as the sender, never whom the sender claims to be. Send-only channels derive from
/// <see cref="ChannelContract"/> alone, so no test of theirs is skipped.</summary>
public abstract class InboundChannelContract : ChannelContract
{
    /// <summary>The partner id the fixture can send to the hub as.</summary>
    protected abstract string InboundPartner { get; }

    /// <summary>Sends <paramref name="body"/> to the hub as <see cref="InboundPartner"/> (authenticated as it) while the
    /// channel's framing claims <paramref name="claimedSender"/>; returns what the hub's intake received, or null when
    /// the other side refused to carry it at all.</summary>
    protected abstract Task<InboundMessage?> SendToTheHubAsync(string claimedSender, byte[] body, CancellationToken cancellationToken);

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task On_the_inbound_side_it_reports_who_authenticated_as_the_sender()
    {
        var partner = InboundPartner;

        var received = await SendToTheHubAsync(partner, Body("in-1"), TestContext.CancellationToken);

        Assert.IsNotNull(received, "the other side carried it");
        Assert.AreEqual(partner, received.AuthenticatedSender);
        Assert.AreEqual(Channel.Name, received.Channel);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task On_the_inbound_side_a_partner_claiming_another_is_never_reported_as_that_other()
    {
        var partner = InboundPartner;
        var other = $"{partner}-other";

        var received = await SendToTheHubAsync(other, Body("in-spoofed"), TestContext.CancellationToken);

        // Refused by the other side, or carried with the sender's true identity for the intake to refuse (200).
        if (received is not null) Assert.AreEqual(partner, received.AuthenticatedSender);
    }
}
