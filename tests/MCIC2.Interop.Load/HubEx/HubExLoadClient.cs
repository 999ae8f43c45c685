using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// A command centre (or another partner) of the load as a HubEx client, as docs/hubex.md tells one to behave: it
/// publishes to the send exchange with its own id as routing key, persistent, and holds a message sent once the broker
/// confirmed it; it consumes its queues with manual acknowledgements, acknowledging each once handed over.
/// </summary>
public sealed class HubExLoadClient : ILoadSender, IAsyncDisposable
{
    private const ushort Prefetch = 256;

    private readonly HubExConnection _connection;
    private readonly string _sendExchange;
    private IChannel? _publishing;
    private IChannel? _consuming;

    private HubExLoadClient(HubExOptions asClient)
    {
        Id = asClient.HubId;
        _sendExchange = asClient.SendExchange;
        _connection = new HubExConnection(asClient, "load", TimeProvider.System);
    }

    public string Id { get; }

    /// <summary>Connects as the client <paramref name="asClient"/> describes and consumes <paramref name="queues"/>,
    /// handing each delivery, with when it arrived, to <paramref name="received"/>.</summary>
    public static async Task<HubExLoadClient> ConnectAsync(HubExOptions asClient, IEnumerable<ClientQueue> queues, Action<ClientQueue, BasicDeliverEventArgs, DateTimeOffset> received)
    {
        var client = new HubExLoadClient(asClient);
        try
        {
            await client.OpenAsync(queues, received);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task OpenAsync(IEnumerable<ClientQueue> queues, Action<ClientQueue, BasicDeliverEventArgs, DateTimeOffset> received)
    {
        _publishing = await _connection.OpenChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), CancellationToken.None);
        var consuming = _consuming = await _connection.OpenChannelAsync(new CreateChannelOptions(false, false), CancellationToken.None);
        await consuming.BasicQosAsync(0, Prefetch, global: false);
        foreach (var queue in queues)
        {
            var consumer = new AsyncEventingBasicConsumer(consuming);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                received(queue, delivery, TimeProvider.System.GetUtcNow());
                await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await consuming.BasicConsumeAsync(ClientQueues.Name(Id, queue), autoAck: false, consumer);
        }
    }

    public async Task<Posted> SendAsync(LoadMessage message)
    {
        var started = TimeProvider.System.GetUtcNow();
        await _publishing!.BasicPublishAsync(_sendExchange, Id, mandatory: true,
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = message.DistributionId }, message.Body);
        return new Posted(started, TimeProvider.System.GetUtcNow());
    }

    public async ValueTask DisposeAsync()
    {
        if (_consuming is not null) await _consuming.DisposeAsync();
        if (_publishing is not null) await _publishing.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
