using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>A command centre connected to the test HubEx as a client: TLS, its certificate, EXTERNAL; it reads its own
/// queues and publishes to the send exchange with its id as routing key, as docs/hubex.md tells a client to.</summary>
public sealed class HubExTestClient : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _sendExchange;

    private HubExTestClient(string id, string sendExchange, IConnection connection, IChannel channel)
    {
        Id = id;
        _sendExchange = sendExchange;
        _connection = connection;
        _channel = channel;
    }

    public string Id { get; }

    public static Task<HubExTestClient> ConnectAsync(HubExTestBroker broker, string clientId, CancellationToken cancellationToken) =>
        ConnectAsync(TestRabbit.Client(clientId), clientId, broker.Options.SendExchange, cancellationToken);

    /// <summary>A client connected by <paramref name="factory"/> (its certificate, its vhost) to a HubEx whose send
    /// exchange is <paramref name="sendExchange"/>.</summary>
    public static async Task<HubExTestClient> ConnectAsync(ConnectionFactory factory, string clientId, string sendExchange, CancellationToken cancellationToken)
    {
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return new HubExTestClient(clientId, sendExchange, connection, channel);
    }

    /// <summary>The next message of one of its queues, acknowledged; fails the test when none comes in time.</summary>
    public async Task<BasicGetResult> ReceiveAsync(ClientQueue queue, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        BasicGetResult? received = null;
        var patience = timeout ?? TimeSpan.FromSeconds(20);
        if (!await Poll.UntilAsync(async () => (received = await TryReceiveAsync(queue, cancellationToken)) is not null, patience))
            Assert.Fail($"nothing came on {ClientQueues.Name(Id, queue)} within {patience.TotalSeconds} s");
        return received!;
    }

    /// <summary>The next message of one of its queues, acknowledged, or null when the queue is empty.</summary>
    public async Task<BasicGetResult?> TryReceiveAsync(ClientQueue queue, CancellationToken cancellationToken) =>
        await _channel.BasicGetAsync(ClientQueues.Name(Id, queue), autoAck: true, cancellationToken);

    /// <summary>Takes one message of one of its queues without acknowledging it: the caller settles it.</summary>
    public async Task<BasicGetResult> TakeAsync(ClientQueue queue, CancellationToken cancellationToken)
    {
        BasicGetResult? taken = null;
        var name = ClientQueues.Name(Id, queue);
        if (!await Poll.UntilAsync(async () => (taken = await _channel.BasicGetAsync(name, autoAck: false, cancellationToken)) is not null, TimeSpan.FromSeconds(20)))
            Assert.Fail($"nothing came on {name}");
        return taken!;
    }

    /// <summary>Rejects a taken message without requeue: the broker dead-letters it.</summary>
    public Task RejectAsync(BasicGetResult taken, CancellationToken cancellationToken) =>
        _channel.BasicRejectAsync(taken.DeliveryTag, requeue: false, cancellationToken).AsTask();

    /// <summary>How many messages wait in one of its queues.</summary>
    public async Task<uint> CountAsync(ClientQueue queue, CancellationToken cancellationToken) =>
        (await _channel.QueueDeclarePassiveAsync(ClientQueues.Name(Id, queue), cancellationToken)).MessageCount;

    /// <summary>Publishes to the hub with its own id as routing key (unless <paramref name="routingKey"/> claims another),
    /// persistent unless told otherwise; returns once the broker confirmed it.</summary>
    public Task PublishAsync(byte[] body, CancellationToken cancellationToken, string contentType = "application/json", bool persistent = true,
        string? routingKey = null) =>
        _channel.BasicPublishAsync(_sendExchange, routingKey ?? Id, mandatory: true,
            new BasicProperties { ContentType = contentType, Persistent = persistent, MessageId = Guid.NewGuid().ToString() }, body, cancellationToken).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
