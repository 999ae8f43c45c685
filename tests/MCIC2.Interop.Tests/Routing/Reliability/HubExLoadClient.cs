using System.Collections.Concurrent;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>What the HubEx clients of a load received, in arrival order across them all, duplicates included: the
/// ledger, as <see cref="RecordingPartner"/> keeps it for HTTP partners (delivery id = the AMQP <c>message_id</c>).</summary>
public sealed class ClientLedger
{
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private long _order;

    public void Record(string clientId, BasicDeliverEventArgs delivery) =>
        _received.Enqueue(new ReceivedDelivery(Interlocked.Increment(ref _order), clientId, delivery.BasicProperties.MessageId ?? "",
            delivery.BasicProperties.ContentType ?? "", delivery.Body.ToArray(), DateTimeOffset.UtcNow));

    public Ledger Ledger() => new([.. _received.OrderBy(r => r.Order)]);

    /// <summary>Deliveries received so far, redeliveries included.</summary>
    public int Count => _received.Count;

    /// <summary>The longest time without a delivery from <paramref name="instant"/> to the last delivery.</summary>
    public TimeSpan LongestSilenceSince(DateTimeOffset instant)
    {
        var arrivals = _received.Select(r => r.ReceivedAt).Where(at => at >= instant).Order().Prepend(instant).ToList();
        return arrivals.Zip(arrivals.Skip(1), (before, after) => after - before).DefaultIfEmpty().Max();
    }
}

/// <summary>
/// A command centre on the HubEx as docs/hubex.md tells one to be, and as it behaves when its broker or its hub goes
/// away: TLS, its certificate, EXTERNAL; it consumes its three queues with manual acknowledgements, acknowledging a
/// message only once recorded in the <see cref="ClientLedger"/>; it publishes persistent messages with publisher
/// confirms and its id as routing key, and publishes again (the same bytes, the same distribution id) whatever the
/// broker did not confirm. A lost connection is opened again, for receiving as for publishing, until disposed.
/// </summary>
public sealed class HubExLoadClient : IAsyncDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);

    private readonly ConnectionFactory _factory;
    private readonly string _sendExchange;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private IConnection? _publishConnection;
    private IChannel? _publishChannel;
    private Task _receiving = Task.CompletedTask;
    private int _receiveSessions;

    /// <param name="port">The broker's AMQPS port.</param>
    public HubExLoadClient(string id, int port, string virtualHost, string sendExchange)
    {
        Id = id;
        _sendExchange = sendExchange;
        _factory = TestRabbit.Client(id);
        _factory.Port = port;
        _factory.VirtualHost = virtualHost;
        // Its own recovery, below: the library's would hide when a connection was lost.
        _factory.AutomaticRecoveryEnabled = false;
        _factory.TopologyRecoveryEnabled = false;
        _factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(10);
    }

    public string Id { get; }

    /// <summary>Receiving sessions opened after the first (one per lost connection).</summary>
    public int Reconnections => Math.Max(0, Volatile.Read(ref _receiveSessions) - 1);

    /// <summary>Starts consuming its three queues into <paramref name="ledger"/>; returns once the first session consumes.</summary>
    public async Task StartReceivingAsync(ClientLedger ledger, CancellationToken cancellationToken)
    {
        var consuming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiving = Task.Run(() => ReceiveAsync(ledger, consuming, _stop.Token), CancellationToken.None);
        await consuming.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Publishes <paramref name="body"/> until the broker confirms it; returns how many attempts failed first
    /// (no connection, a connection lost before the confirm, a nack, no confirm in time).</summary>
    public async Task<int> PublishAsync(byte[] body, string distributionId, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            IChannel? channel = null;
            try
            {
                channel = await PublishingChannelAsync(cancellationToken);
                using var confirmTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                confirmTimeout.CancelAfter(ConfirmTimeout);
                var properties = new BasicProperties { ContentType = "application/json", Persistent = true, MessageId = distributionId };
                await channel.BasicPublishAsync(_sendExchange, Id, mandatory: true, properties, body, confirmTimeout.Token);
                return failures;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Unconfirmed: perhaps received, perhaps not. Published again; the hub keeps the first of a distribution id.
                failures++;
                if (channel is not null) await DropPublishingAsync(channel);
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        await _publishGate.WaitAsync();
        try
        {
            await CloseAsync(_publishChannel, _publishConnection);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private async Task ReceiveAsync(ClientLedger ledger, TaskCompletionSource consuming, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            IConnection? connection = null;
            IChannel? channel = null;
            try
            {
                connection = await _factory.CreateConnectionAsync($"{Id} receive", stopping);
                channel = await connection.CreateChannelAsync(cancellationToken: stopping);
                await channel.BasicQosAsync(0, 100, global: false, stopping);
                var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                channel.ChannelShutdownAsync += (_, _) =>
                {
                    lost.TrySetResult();
                    return Task.CompletedTask;
                };
                var consumer = new AsyncEventingBasicConsumer(channel);
                var session = channel;
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    ledger.Record(Id, delivery);
                    try
                    {
                        await session.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                    }
                    catch (Exception)
                    {
                        // The channel went first: the broker gives the message again; the ledger counts a redelivery.
                    }
                };
                // Passively first, as a client without the configure right must (a missing queue fails here, 404).
                foreach (var queue in ClientQueues.All.Select(q => ClientQueues.Name(Id, q)))
                {
                    await channel.QueueDeclarePassiveAsync(queue, stopping);
                    await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stopping);
                }
                Interlocked.Increment(ref _receiveSessions);
                consuming.TrySetResult();
                await lost.Task.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // No broker now, or it closed the connection: open it again after the pause.
            }
            finally
            {
                await CloseAsync(channel, connection);
            }
            try
            {
                await Task.Delay(RetryPause, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<IChannel> PublishingChannelAsync(CancellationToken cancellationToken)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            if (_publishChannel is { IsOpen: true } open) return open;
            await CloseAsync(_publishChannel, _publishConnection);
            _publishChannel = null;
            _publishConnection = null;
            _publishConnection = await _factory.CreateConnectionAsync($"{Id} publish", cancellationToken);
            _publishChannel = await _publishConnection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _publishChannel;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>A channel whose publish failed may look open (a confirm that never came): the next publish opens a new
    /// connection, unless another publish did so already.</summary>
    private async Task DropPublishingAsync(IChannel failed)
    {
        await _publishGate.WaitAsync();
        try
        {
            if (!ReferenceEquals(_publishChannel, failed)) return;
            await CloseAsync(_publishChannel, _publishConnection);
            _publishChannel = null;
            _publishConnection = null;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private static async Task CloseAsync(IChannel? channel, IConnection? connection)
    {
        try
        {
            if (channel is not null) await channel.DisposeAsync();
            if (connection is not null)
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(2));
                await connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Already dead: nothing left to close politely.
        }
    }
}
