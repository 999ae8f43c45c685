using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// The topology and rights the hub provisions (definitions imported with rabbitmqctl, then declared by the hub over
/// its own connection), as a client meets them: its own three queues, nothing of another's, no way to configure.
/// Each test gets a HubEx of its own with clients cic35, cic69 and cic35's namesake <c>&lt;cic35&gt;.annex</c>.
/// </summary>
[TestClass]
public sealed class When_the_hub_provisions_its_hubex
{
    private HubExTestBroker _broker = null!;
    private readonly List<IAsyncDisposable> _connections = [];
    private string _cic35 = null!, _cic69 = null!, _annex = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public async Task Provision()
    {
        _broker = new HubExTestBroker();
        (_cic35, _cic69) = (_broker.ClientId("cic35"), _broker.ClientId("cic69"));
        _annex = $"{_cic35}.annex";
        await _broker.ProvisionAsync(TestContext.CancellationToken, _cic35, _cic69, _annex);
    }

    [TestCleanup]
    public async Task Remove()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_finds_its_three_queues_by_passive_declare_and_a_missing_one_is_404()
    {
        var ct = TestContext.CancellationToken;
        var channel = await ChannelAsAsync(_cic35);

        foreach (var queue in ClientQueues.All) await channel.QueueDeclarePassiveAsync(ClientQueues.Name(_cic35, queue), ct);

        await AssertClosedWithAsync(Constants.NotFound,
            () => channel.QueueDeclarePassiveAsync(ClientQueues.Name(_broker.ClientId("cic99"), ClientQueue.Message), ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_reads_its_own_queue_and_cannot_read_another_clients()
    {
        var ct = TestContext.CancellationToken;

        Assert.IsNull(await (await ChannelAsAsync(_cic35)).BasicGetAsync(ClientQueues.Name(_cic35, ClientQueue.Message), autoAck: false, ct));

        var other = await ChannelAsAsync(_cic35);
        await AssertClosedWithAsync(Constants.AccessRefused, () => other.BasicGetAsync(ClientQueues.Name(_cic69, ClientQueue.Message), autoAck: false, ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_whose_id_prefixes_another_cannot_read_the_others_queues()
    {
        var ct = TestContext.CancellationToken;
        var channel = await ChannelAsAsync(_cic35);

        await AssertClosedWithAsync(Constants.AccessRefused, () => channel.BasicGetAsync(ClientQueues.Name(_annex, ClientQueue.Message), autoAck: false, ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_client_cannot_declare_a_queue_of_its_own()
    {
        var ct = TestContext.CancellationToken;
        var channel = await ChannelAsAsync(_cic35);

        await AssertClosedWithAsync(Constants.AccessRefused,
            () => channel.QueueDeclareAsync($"{_cic35}.extra", durable: true, exclusive: false, autoDelete: false, cancellationToken: ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task What_a_client_publishes_with_its_own_id_reaches_the_dispatcher_and_another_id_is_refused_403()
    {
        var ct = TestContext.CancellationToken;
        var client = await HubExTestClient.ConnectAsync(_broker, _cic35, ct);
        _connections.Add(client);

        await client.PublishAsync("{}"u8.ToArray(), ct);
        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(_broker.Options.DispatcherQueue, ct));

        await AssertClosedWithAsync(Constants.AccessRefused, () => client.PublishAsync("{}"u8.ToArray(), ct, routingKey: _cic69));
        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(_broker.Options.DispatcherQueue, ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Provisioning_again_with_another_client_keeps_what_was_there()
    {
        var ct = TestContext.CancellationToken;
        var client = await HubExTestClient.ConnectAsync(_broker, _cic35, ct);
        _connections.Add(client);
        await client.PublishAsync("{}"u8.ToArray(), ct);
        var cic44 = _broker.ClientId("cic44");

        await _broker.ProvisionAsync(ct, _cic35, _cic69, _annex, cic44);

        Assert.AreEqual(1u, await HubExTestBroker.ReadyCountAsync(_broker.Options.DispatcherQueue, ct));
        await (await ChannelAsAsync(cic44)).QueueDeclarePassiveAsync(ClientQueues.Name(cic44, ClientQueue.Info), ct);
    }

    /// <summary>A channel on a new connection as <paramref name="clientId"/> (closed at cleanup).</summary>
    private async Task<IChannel> ChannelAsAsync(string clientId)
    {
        var connection = await HubExTestBroker.ConnectAsClientAsync(clientId, TestContext.CancellationToken);
        _connections.Add(connection);
        return await connection.CreateChannelAsync(cancellationToken: TestContext.CancellationToken);
    }

    /// <summary>The broker refuses with <paramref name="code"/>, closing the channel.</summary>
    private static async Task AssertClosedWithAsync(int code, Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(action);
        Assert.AreEqual((ushort?)code, refused.ShutdownReason?.ReplyCode, refused.ToString());
    }
}
