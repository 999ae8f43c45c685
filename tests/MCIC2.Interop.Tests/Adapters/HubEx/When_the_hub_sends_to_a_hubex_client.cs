using System.Text;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>The HubEx channel publishing to a client's queues, seen from the client.</summary>
[TestClass]
public sealed class When_the_hub_sends_to_a_hubex_client
{
    // A fixed hub clock: the TTLs the channel computes are then exact.
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("Report", ClientQueue.Message)]
    [DataRow("Update", ClientQueue.Message)]
    [DataRow("Cancel", ClientQueue.Message)]
    [DataRow("Ack", ClientQueue.Ack)]
    [DataRow("Error", ClientQueue.Info)]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_message_lands_on_the_queue_of_its_kind_persistent_and_named_by_its_delivery_id(string kind, ClientQueue queue)
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));
        await using var client = await HubExTestClient.ConnectAsync(broker, cic35, ct);

        var result = await channel.SendAsync(Message(cic35, kind, "fr.police.mcic2_d1"), ct);

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Detail);
        var received = await client.ReceiveAsync(queue, ct);
        Assert.AreEqual("{\"kind\":\"" + kind + "\"}", Encoding.UTF8.GetString(received.Body.Span));
        Assert.AreEqual(DeliveryModes.Persistent, received.BasicProperties.DeliveryMode);
        Assert.AreEqual("application/json", received.BasicProperties.ContentType);
        Assert.AreEqual("fr.police.mcic2_d1", received.BasicProperties.MessageId);
        Assert.AreEqual(broker.Options.HubId, received.BasicProperties.AppId);
        Assert.AreEqual(broker.Options.HubId, received.BasicProperties.UserId);
        foreach (var other in ClientQueues.All.Where(q => q != queue))
        {
            Assert.AreEqual(0u, await client.CountAsync(other, ct), $"nothing on {other}");
        }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_that_expires_before_the_queue_ttl_carries_its_own_ttl_and_a_later_one_the_queue_ttl()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));
        await using var client = await HubExTestClient.ConnectAsync(broker, cic35, ct);

        Assert.AreEqual(DeliveryOutcome.Delivered, (await channel.SendAsync(Message(cic35, "Report", "soon", Now.AddMinutes(10)), ct)).Outcome);
        Assert.AreEqual(DeliveryOutcome.Delivered, (await channel.SendAsync(Message(cic35, "Report", "late", Now.AddDays(3)), ct)).Outcome);
        Assert.AreEqual(DeliveryOutcome.Delivered, (await channel.SendAsync(Message(cic35, "Report", "never"), ct)).Outcome);

        Assert.AreEqual("600000", (await client.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.Expiration);
        Assert.AreEqual("86400000", (await client.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.Expiration);
        Assert.AreEqual("86400000", (await client.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.Expiration);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_expired_message_is_refused_and_not_sent()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));
        await using var client = await HubExTestClient.ConnectAsync(broker, cic35, ct);

        var result = await channel.SendAsync(Message(cic35, "Report", "stale", Now.AddSeconds(-1)), ct);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        StringAssert.Contains(result.Detail, "expired at 2026-06-01T09:59:59");
        Assert.AreEqual(0u, await client.CountAsync(ClientQueue.Message, ct));
    }

    [TestMethod]
    [DataRow("fr.police.cic35", "Alert")]
    [DataRow("CIC35", "Report")]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_kind_the_hubex_does_not_route_or_an_address_that_is_no_client_id_is_refused(string address, string kind)
    {
        await using var broker = new HubExTestBroker();
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));

        var result = await channel.SendAsync(Message(address, kind, "d1"), TestContext.CancellationToken);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        StringAssert.Contains(result.Detail, address == "CIC35" ? "not a HubEx client id" : "'Alert' is not a distribution kind");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_without_queues_is_a_transient_failure_312_NO_ROUTE_and_delivered_once_provisioned()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var (cic35, cic69) = (broker.ClientId("cic35"), broker.ClientId("cic69"));
        await broker.ProvisionAsync(ct, cic35);
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));

        var unrouted = await channel.SendAsync(Message(cic69, "Report", "d1"), ct);
        Assert.AreEqual(DeliveryOutcome.TransientFailure, unrouted.Outcome);
        Assert.AreEqual("AMQP 312 NO_ROUTE", unrouted.TransportCode);
        StringAssert.Contains(unrouted.Detail, $"provision client {cic69}");

        await broker.ProvisionAsync(ct, cic35, cic69);
        var retried = await channel.SendAsync(Message(cic69, "Report", "d1"), ct);
        Assert.AreEqual(DeliveryOutcome.Delivered, retried.Outcome, retried.Detail);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_broker_nacks_is_a_transient_failure_not_a_delivery()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        // A full queue that refuses publishes stands where a client queue would be: the broker nacks the publish.
        var full = $"hubex-{broker.Suffix}.full";
        var fullClient = broker.ClientId("cic-full");
        await using (var admin = await TestRabbit.Administrator().CreateConnectionAsync(ct))
        await using (var adminChannel = await admin.CreateChannelAsync(cancellationToken: ct))
        {
            await adminChannel.QueueDeclareAsync(full, durable: false, exclusive: false, autoDelete: true,
                new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" }, cancellationToken: ct);
            await adminChannel.QueueBindAsync(full, broker.Options.DistributionExchange, ClientQueues.Name(fullClient, ClientQueue.Message), cancellationToken: ct);
        }
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));

        var result = await channel.SendAsync(Message(fullClient, "Report", "d1"), ct);

        Assert.AreEqual(DeliveryOutcome.TransientFailure, result.Outcome, result.Detail);
        Assert.AreEqual("AMQP NACK", result.TransportCode);
        // The channel stays usable after a nack.
        Assert.AreEqual(DeliveryOutcome.Delivered, (await channel.SendAsync(Message(cic35, "Report", "d2"), ct)).Outcome);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Its_health_shows_the_link_connected_with_the_last_exchange_and_confirm_latency()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        var clock = new FakeTimeProvider(Now);
        await using var channel = new HubExChannel(broker.Options, clock);
        Assert.AreEqual(new HubExLinkHealth(false, null, null, null), channel.Health);

        clock.Advance(TimeSpan.FromMinutes(1));
        await channel.SendAsync(Message(cic35, "Report", "d1"), ct);

        var health = channel.Health;
        Assert.IsTrue(health.Connected);
        Assert.AreEqual(Now.AddMinutes(1), health.LastExchangeAt);
        Assert.IsNotNull(health.LastConfirmLatency);
        Assert.IsNull(health.LastProblem);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task A_broker_that_cannot_be_reached_is_a_transient_failure_and_its_health_says_why()
    {
        await using var broker = new HubExTestBroker(port: UnusedPort());
        await using var channel = new HubExChannel(broker.Options, new FakeTimeProvider(Now));

        var result = await channel.SendAsync(Message(broker.ClientId("cic35"), "Report", "d1"), TestContext.CancellationToken);

        Assert.AreEqual(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.AreEqual("AMQP NO_CONNECTION", result.TransportCode);
        Assert.IsFalse(channel.Health.Connected);
        StringAssert.Contains(channel.Health.LastProblem, "no connection to amqps://127.0.0.1:");
    }

    internal static OutgoingMessage Message(string address, string kind, string deliveryId, DateTimeOffset? expiresAt = null) =>
        new(deliveryId, PartnerId: address, Address: address, IncidentKey: "incident-1", Family: "RC-EDA", DistributionKind: kind,
            ContentType: "application/json", Body: Encoding.UTF8.GetBytes("{\"kind\":\"" + kind + "\"}"), ExpiresAt: expiresAt);

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
