using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// The topology and rights the hub provisions (definitions imported with rabbitmqctl, then declared by the hub over
/// its own connection), as a client meets them: its own three queues, nothing of another's, no way to configure.
/// </summary>
[TestClass]
public sealed class When_the_hub_provisions_its_hubex
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_finds_its_three_queues_by_passive_declare_and_a_missing_one_is_404()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);

        await using var connection = await HubExTestBroker.ConnectAsClientAsync(cic35, ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var queue in ClientQueues.All)
        {
            await channel.QueueDeclarePassiveAsync(ClientQueues.Name(cic35, queue), ct);
        }
        var missing = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.QueueDeclarePassiveAsync(ClientQueues.Name(broker.ClientId("cic99"), ClientQueue.Message), ct));
        Assert.AreEqual((ushort?)Constants.NotFound, missing.ShutdownReason?.ReplyCode, missing.ToString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_cannot_read_another_clients_queue()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var (cic35, cic69) = (broker.ClientId("cic35"), broker.ClientId("cic69"));
        await broker.ProvisionAsync(ct, cic35, cic69);

        await using var connection = await HubExTestBroker.ConnectAsClientAsync(cic35, ct);
        await using var own = await connection.CreateChannelAsync(cancellationToken: ct);
        Assert.IsNull(await own.BasicGetAsync(ClientQueues.Name(cic35, ClientQueue.Message), autoAck: false, ct));

        await using var other = await connection.CreateChannelAsync(cancellationToken: ct);
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            other.BasicGetAsync(ClientQueues.Name(cic69, ClientQueue.Message), autoAck: false, ct));
        Assert.AreEqual((ushort?)Constants.AccessRefused, refused.ShutdownReason?.ReplyCode, refused.ToString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_whose_id_prefixes_another_cannot_read_the_others_queues()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var parent = broker.ClientId("cic35");
        var child = $"{parent}.annex";
        await broker.ProvisionAsync(ct, parent, child);

        await using var connection = await HubExTestBroker.ConnectAsClientAsync(parent, ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.BasicGetAsync(ClientQueues.Name(child, ClientQueue.Message), autoAck: false, ct));
        Assert.AreEqual((ushort?)Constants.AccessRefused, refused.ShutdownReason?.ReplyCode, refused.ToString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_cannot_declare_a_queue_of_its_own()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);

        await using var connection = await HubExTestBroker.ConnectAsClientAsync(cic35, ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.QueueDeclareAsync($"{cic35}.extra", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct));
        Assert.AreEqual((ushort?)Constants.AccessRefused, refused.ShutdownReason?.ReplyCode, refused.ToString());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task What_a_client_publishes_with_its_own_id_reaches_the_dispatcher_and_another_id_is_refused_403()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var (cic35, cic69) = (broker.ClientId("cic35"), broker.ClientId("cic69"));
        await broker.ProvisionAsync(ct, cic35, cic69);

        await using var connection = await HubExTestBroker.ConnectAsClientAsync(cic35, ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        await channel.BasicPublishAsync(broker.Options.SendExchange, cic35, mandatory: true, properties, "{}"u8.ToArray(), ct);
        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(broker.Options.DispatcherQueue, ct));

        var refused = await Assert.ThrowsAsync<AlreadyClosedException>(async () =>
            await channel.BasicPublishAsync(broker.Options.SendExchange, cic69, mandatory: true, properties, "{}"u8.ToArray(), ct));
        Assert.AreEqual((ushort?)Constants.AccessRefused, refused.ShutdownReason?.ReplyCode, refused.ToString());
        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(broker.Options.DispatcherQueue, ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Provisioning_again_with_more_clients_keeps_what_was_there()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var (cic35, cic69) = (broker.ClientId("cic35"), broker.ClientId("cic69"));
        await broker.ProvisionAsync(ct, cic35);
        await using (var connection = await HubExTestBroker.ConnectAsClientAsync(cic35, ct))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: ct))
        {
            await channel.BasicPublishAsync(broker.Options.SendExchange, cic35, mandatory: true, new BasicProperties { Persistent = true }, "{}"u8.ToArray(), ct);
        }
        await Poll.WaitUntil(() => HubExTestBroker.ReadyCountAsync(broker.Options.DispatcherQueue, ct).Result == 1, TimeSpan.FromSeconds(10), "the message in the dispatcher queue");

        await broker.ProvisionAsync(ct, cic35, cic69);

        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(broker.Options.DispatcherQueue, ct));
        await using var second = await HubExTestBroker.ConnectAsClientAsync(cic69, ct);
        await using var secondChannel = await second.CreateChannelAsync(cancellationToken: ct);
        await secondChannel.QueueDeclarePassiveAsync(ClientQueues.Name(cic69, ClientQueue.Info), ct);
    }
}
