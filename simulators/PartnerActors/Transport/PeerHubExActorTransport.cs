using System.Collections.Concurrent;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using MCIC2.Interop.Simulators.RecordingPartner;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Simulators.PartnerActors.Transport;

/// <summary>An actor's login on the peer HubEx of its force: its id, that HubEx's settings (vhost, send exchange), and
/// the broker with the actor's own certificate (SASL EXTERNAL).</summary>
public sealed record PeerActorLogin(string PartnerId, PeerHubExSettings HubEx, PeerHubExConnection Connection);

/// <summary>
/// Actors as clients of their forces' peer HubEx (SAMU → Hub Santé, SDIS → the fire HubEx, CORG → the gendarmerie's),
/// as their software is: each consumes its <c>.message</c>, <c>.ack</c> and <c>.info</c> queues (declared passively;
/// acknowledged once recorded) and publishes to the send exchange with its id as routing key, persistent, with
/// publisher confirms, in its encoding.
/// </summary>
public sealed class PeerHubExActorTransport : IActorTransport, IAsyncDisposable
{
    private readonly Dictionary<string, (PeerActorLogin Login, IConnection Connection, IChannel Publish)> _actors = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IChannel> _consumers = [];
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private readonly TimeProvider _time;
    private long _order;

    private PeerHubExActorTransport(TimeProvider time) => _time = time;

    /// <param name="time">When a delivery is recorded as received (none: the machine's clock).</param>
    public static async Task<PeerHubExActorTransport> StartAsync(IEnumerable<PeerActorLogin> logins, CancellationToken cancellationToken = default, TimeProvider? time = null)
    {
        var transport = new PeerHubExActorTransport(time ?? TimeProvider.System);
        try
        {
            foreach (var login in logins) await transport.ConnectAsync(login, cancellationToken);
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
        return transport;
    }

    public bool Carries(string partnerId) => _actors.ContainsKey(partnerId);

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received.OrderBy(r => r.Order)];

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var (login, _, publish) = _actors[message.SenderId];
        var properties = new BasicProperties { Persistent = true, ContentType = message.ContentType, MessageId = message.DistributionId, AppId = login.PartnerId };
        try
        {
            // Awaited until the broker confirms (publisher confirms with tracking): then the peer HubEx has it.
            await publish.BasicPublishAsync(login.HubEx.SendExchange, login.PartnerId, mandatory: true, properties, message.Body, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.PublishException or RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            return $"not confirmed by {login.HubEx.HubId}: {e.Message}";
        }
    }

    private async Task ConnectAsync(PeerActorLogin login, CancellationToken cancellationToken)
    {
        var connection = await login.Connection.Factory(login.HubEx.VirtualHost, $"{login.PartnerId} actor").CreateConnectionAsync(cancellationToken);
        var publish = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        _actors[login.PartnerId] = (login, connection, publish);
        foreach (var queue in RecipientQueues.All)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            _consumers.Add(channel);
            var name = RecipientQueues.Name(login.PartnerId, queue);
            // A client has no configure right on the HubEx: its queues are there already, declared passively.
            await channel.QueueDeclarePassiveAsync(name, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                _received.Enqueue(new ReceivedDelivery(Interlocked.Increment(ref _order), login.PartnerId, delivery.BasicProperties.MessageId ?? "",
                    delivery.BasicProperties.ContentType ?? "", delivery.Body.ToArray(), _time.GetUtcNow()));
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await channel.BasicConsumeAsync(name, autoAck: false, consumer, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _consumers) await channel.DisposeAsync();
        foreach (var (_, connection, publish) in _actors.Values)
        {
            await publish.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

/// <summary>Which peer HubEx an actor is a client of: its force, from its id.</summary>
public static class ActorForces
{
    /// <summary><c>health</c> (SAMU, Hub Santé), <c>fire</c> (SDIS), <c>gendarmerie</c> (CORG); null for a CIC (the
    /// police, served by the hub itself).</summary>
    public static string? Of(string partnerId) => partnerId.Split('.') switch
    {
        [_, "health", ..] => "health",
        [_, "fire", ..] => "fire",
        [_, "gendarmerie", ..] => "gendarmerie",
        _ => null,
    };
}
