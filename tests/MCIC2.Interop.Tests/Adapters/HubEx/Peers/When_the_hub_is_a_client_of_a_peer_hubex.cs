using System.Net;
using System.Text;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.HubEx.Peers;

/// <summary>
/// One peer link against a peer HubEx provisioned on the test RabbitMQ (TLS, EXTERNAL): what the hub publishes there,
/// how it takes what the peer delivers to its three queues (who sent it, when it is acknowledged), and how it behaves
/// while the peer cannot be reached.
/// </summary>
[TestClass]
public sealed class When_the_hub_is_a_client_of_a_peer_hubex
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Samu = "fr.health.samu35";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_goes_to_the_peers_send_exchange_from_the_hubs_id_persistent_and_named_by_its_delivery_id()
    {
        var ct = TestContext.CancellationToken;
        await using var link = await RunningLink.StartAsync(new RecordingIntake(), ct);

        var result = await link.Link.SendAsync(Message("fr.police.cic35_d1@fr.health.samu35", "application/json", "{\"id\":1}"u8.ToArray()), ct);

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Detail);
        var sent = await link.Broker.TakeSentAsync(ct) ?? throw new AssertFailedException("nothing reached the peer");
        Assert.AreEqual(link.Broker.Peer.Options.SendExchange, sent.Exchange);
        Assert.AreEqual(link.Broker.HubClientId, sent.RoutingKey);
        Assert.AreEqual(link.Broker.HubClientId, sent.BasicProperties.UserId, "the peer's broker vouches that the hub published it");
        Assert.AreEqual(link.Broker.HubClientId, sent.BasicProperties.AppId);
        Assert.AreEqual(DeliveryModes.Persistent, sent.BasicProperties.DeliveryMode);
        Assert.AreEqual("fr.police.cic35_d1@fr.health.samu35", sent.BasicProperties.MessageId);
        Assert.AreEqual("application/json", sent.BasicProperties.ContentType);
        Assert.AreEqual("{\"id\":1}", Encoding.UTF8.GetString(sent.Body.Span));
        var health = link.Link.Health;
        Assert.IsNotNull(health.Sending.LastExchangeAt);
        Assert.IsNotNull(health.Sending.LastConfirmLatency);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_written_in_JSON_goes_in_XML_on_a_link_whose_peer_takes_XML()
    {
        var ct = TestContext.CancellationToken;
        await using var link = await RunningLink.StartAsync(new RecordingIntake(), ct, PeerEncoding.Xml);
        var json = PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.police.cic35", "fr.police.cic35_X1", TestClock.Now());

        Assert.AreEqual(DeliveryOutcome.Delivered, (await link.Link.SendAsync(Message("x1", "application/json", json), ct)).Outcome);

        var sent = await link.Broker.TakeSentAsync(ct) ?? throw new AssertFailedException("nothing reached the peer");
        Assert.AreEqual("application/xml", sent.BasicProperties.ContentType);
        var decoded = CisuCodec.Shared.Decode(sent.Body.ToArray());
        Assert.AreEqual(CisuEncoding.Xml, decoded.Encoding);
        Assert.AreEqual("fr.police.cic35_X1", decoded.Message.Distribution!.DistributionId);
        Assert.AreEqual(CisuCodec.Shared.Decode(json).Message.Incident!.Identity.CaseId, decoded.Message.Incident!.Identity.CaseId);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task What_the_peer_delivers_to_each_of_the_three_queues_is_taken_as_sent_by_the_actor_it_serves_and_acknowledged_once_stored()
    {
        var ct = TestContext.CancellationToken;
        await using var link = await RunningLink.StartAsync(new RecordingIntake(), ct);

        foreach (var queue in ClientQueues.All)
            await link.Broker.DeliverToHubAsync(queue, Case(Samu, $"{Samu}_{queue}"), ct);

        await Poll.WaitUntil(() => link.Intake.Accepted.Count == 3, Wait, "a message from each queue accepted");
        foreach (var received in link.Intake.Received)
        {
            Assert.AreEqual(Samu, received.AuthenticatedSender, "the peer vouches for the actors it serves");
            Assert.IsNull(received.SenderClaimedByChannel);
            Assert.AreEqual(PeerChannel.ChannelName, received.Channel);
            Assert.IsTrue(received.Persistent);
        }
        await link.StopAsync();
        foreach (var queue in ClientQueues.All)
            Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(link.Broker.HubQueue(queue), ct), $"{queue}: acknowledged, so gone");
    }

    [TestMethod]
    [DataRow("fr.gendarmerie.corg35", DisplayName = "an actor of another force")]
    [DataRow("fr.healthcare.samu35", DisplayName = "an id that only starts like the served prefix")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_naming_a_sender_the_link_does_not_serve_is_taken_as_sent_by_the_link_itself(string sender)
    {
        var ct = TestContext.CancellationToken;
        await using var link = await RunningLink.StartAsync(new RecordingIntake(), ct);

        await link.Broker.DeliverToHubAsync(ClientQueue.Message, Case(sender, $"{sender}_1"), ct);

        await Poll.WaitUntil(() => link.Intake.Received.Count == 1, Wait, "the message handed over");
        Assert.AreEqual(PeerHubExTestBroker.LinkName, link.Intake.Received.Single().AuthenticatedSender);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_refused_message_is_acknowledged_once_its_RS_ERROR_went_back_through_the_link()
    {
        var ct = TestContext.CancellationToken;
        var reply = Message("error-1@fr.health.samu35", "application/json", "{\"error\":300}"u8.ToArray()) with { Address = "not-a-link", DistributionKind = "Error" };
        var intake = new RecordingIntake
        {
            Answer = (_, _) => new IntakeVerdict.Refused(new MessageRejectedException(HubErrorCode.InvalidMessage, "$.createCase", "caseId is missing"), reply),
        };
        await using var link = await RunningLink.StartAsync(intake, ct);

        await link.Broker.DeliverToHubAsync(ClientQueue.Message, Case(Samu, $"{Samu}_bad"), ct);

        var sent = await link.Broker.TakeSentAsync(ct) ?? throw new AssertFailedException("no RS-ERROR reached the peer");
        Assert.AreEqual("error-1@fr.health.samu35", sent.BasicProperties.MessageId);
        Assert.AreEqual(link.Broker.HubClientId, sent.RoutingKey, "back through the link it came by, whatever address the rules give");
        await Poll.WaitUntil(() => link.Link.Health.LastRefusal is not null, Wait, "the refusal in the link's health");
        Assert.AreEqual("300 INVALID_MESSAGE: caseId is missing", link.Link.Health.LastRefusal);
        await link.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(link.Broker.HubQueue(ClientQueue.Message), ct), "acknowledged after its reply");
        Assert.HasCount(1, intake.Received);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_intake_cannot_take_now_stays_on_the_peer_and_comes_again()
    {
        var ct = TestContext.CancellationToken;
        var intake = new RecordingIntake
        {
            Answer = (body, before) => before == 0 ? new IntakeVerdict.NotNow(TimeSpan.FromMilliseconds(100)) : new IntakeVerdict.Accepted(body),
        };
        await using var link = await RunningLink.StartAsync(intake, ct);

        await link.Broker.DeliverToHubAsync(ClientQueue.Message, Case(Samu, $"{Samu}_later"), ct);

        await Poll.WaitUntil(() => intake.Accepted.Count == 1, Wait, "the message accepted the second time");
        Assert.HasCount(2, intake.Received);
        await link.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(link.Broker.HubQueue(ClientQueue.Message), ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task While_the_peer_cannot_be_reached_the_link_says_why_and_once_back_it_takes_what_waited_there_in_order()
    {
        var ct = TestContext.CancellationToken;
        await using var proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, new Uri(TestServices.RabbitMqTlsUri).Port));
        await using var link = await RunningLink.StartAsync(new RecordingIntake(), ct, proxy: proxy);
        await Poll.WaitUntil(() => link.Link.Health.Receiving.Connected, Wait, "the three queues consumed");

        proxy.TakeDown();
        await Poll.WaitUntil(() => !link.Link.Health.Receiving.Connected, Wait, "the link seen lost");
        var ids = Enumerable.Range(1, 5).Select(i => $"{Samu}_outage-{i}").ToList();
        foreach (var id in ids) await link.Broker.DeliverToHubAsync(ClientQueue.Message, Case(Samu, id), ct);
        Assert.IsNotNull(link.Link.Health.Receiving.LastProblem, "it says why");
        Assert.IsEmpty(link.Intake.Received, "nothing taken while cut off");

        proxy.BringUp();

        await Poll.WaitUntil(() => link.Intake.Accepted.Count == ids.Count, Wait, "what waited on the peer accepted");
        CollectionAssert.AreEqual(ids, link.Intake.Accepted.Select(DistributionIdOf).ToList(), "in the peer queue's order, each once");
        await Poll.WaitUntil(() => link.Link.Health.Receiving.Connected, Wait, "all three queues consumed again");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task After_a_failed_connection_the_peer_is_asked_again_only_once_its_back_off_is_due()
    {
        var ct = TestContext.CancellationToken;
        var clock = new FakeTimeProvider(PartnerMessages.Morning);
        await using var proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, new Uri(TestServices.RabbitMqTlsUri).Port));
        await using var broker = new PeerHubExTestBroker(linkPort: proxy.Port, reconnectFirstDelay: TimeSpan.FromMinutes(1));
        await broker.ProvisionAsync(ct);
        await using var link = new PeerLink(broker.Link, TestLinks.Formats, clock);
        proxy.TakeDown();

        var down = await link.SendAsync(Message("d1", "application/json", "{}"u8.ToArray()), ct);
        Assert.AreEqual("AMQP NO_CONNECTION", down.TransportCode, down.Detail);
        proxy.BringUp();

        var tooSoon = await link.SendAsync(Message("d1", "application/json", "{}"u8.ToArray()), ct);
        Assert.AreEqual("AMQP NO_CONNECTION", tooSoon.TransportCode);
        StringAssert.Contains(tooSoon.Detail, $"next attempt at {clock.GetUtcNow().AddMinutes(1):HH:mm:ss}", "the peer is not asked before its back-off is over");

        clock.Advance(TimeSpan.FromMinutes(1));
        var due = await link.SendAsync(Message("d1", "application/json", "{}"u8.ToArray()), ct);
        Assert.AreEqual(DeliveryOutcome.Delivered, due.Outcome, due.Detail);
        Assert.AreEqual("d1", (await broker.TakeSentAsync(ct))?.BasicProperties.MessageId, "sent once, when due");
        Assert.IsNull(await broker.TakeSentAsync(ct, TimeSpan.Zero));
    }

    private static OutgoingMessage Message(string deliveryId, string contentType, byte[] body) =>
        new(deliveryId, PartnerId: Samu, Address: PeerHubExTestBroker.LinkName, IncidentKey: "incident-1", Family: "RC-EDA",
            DistributionKind: "Report", ContentType: contentType, Body: body, ExpiresAt: TestClock.Now().AddHours(1));

    private static byte[] Case(string sender, string distributionId) => PartnerMessages.Bytes(PartnerMessages.FireCase, sender, distributionId, TestClock.Now());

    private static string DistributionIdOf(string body) => CisuCodec.Shared.Decode(Encoding.UTF8.GetBytes(body)).Message.Distribution!.DistributionId;

    /// <summary>A peer provisioned with the hub as client, and one link to it receiving into <see cref="Intake"/>.</summary>
    private sealed class RunningLink : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _receiving = Task.CompletedTask;
        private bool _stopped;

        private RunningLink(PeerHubExTestBroker broker, PeerLink link, RecordingIntake intake)
        {
            Broker = broker;
            Link = link;
            Intake = intake;
        }

        public PeerHubExTestBroker Broker { get; }
        public PeerLink Link { get; }
        public RecordingIntake Intake { get; }

        public static async Task<RunningLink> StartAsync(RecordingIntake intake, CancellationToken cancellationToken, PeerEncoding encoding = PeerEncoding.Json,
            LoopbackProxy? proxy = null)
        {
            var broker = new PeerHubExTestBroker(linkPort: proxy?.Port, encoding: encoding);
            await broker.ProvisionAsync(cancellationToken);
            var running = new RunningLink(broker, new PeerLink(broker.Link, TestLinks.Formats, TimeProvider.System), intake);
            running._receiving = running.Link.ReceiveAsync(intake, running._stop.Token);
            return running;
        }

        /// <summary>Stops receiving: what is left unacknowledged goes back to the peer's queues.</summary>
        public async Task StopAsync()
        {
            if (_stopped) return;
            _stopped = true;
            await _stop.CancelAsync();
            await _receiving;
            await Link.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await Broker.DisposeAsync();
            _stop.Dispose();
        }
    }
}
