using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Adapters.HubEx.Connection;

/// <summary>
/// Publishes on one channel with publisher confirms, shared by every send (the client library serialises what it must
/// and tracks each publish's confirm), opened again once closed. A publish counts as delivered only once the broker
/// confirmed it; a return (no route), a nack, no confirm in time or a lost connection is a transient failure, with the
/// AMQP code as transport code. The hub's own HubEx channel and its links to peer HubEx publish through it.
/// </summary>
public sealed class ConfirmedPublisher(HubExConnection connection, TimeSpan confirmTimeout, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private readonly Lock _healthLock = new();
    private IChannel? _channel;
    private DateTimeOffset? _lastExchangeAt;
    private TimeSpan? _lastConfirmLatency;

    public HubExLinkHealth Health
    {
        get
        {
            lock (_healthLock) return new HubExLinkHealth(connection.IsOpen, _lastExchangeAt, _lastConfirmLatency, connection.LastProblem);
        }
    }

    /// <param name="destination">Where it goes, for the details (<c>queue fr.police.cic35.message</c>).</param>
    /// <param name="noRoute">What a return (312 NO_ROUTE) means there, and what mends it.</param>
    public async Task<DeliveryResult> PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body,
        string destination, string noRoute, CancellationToken cancellationToken)
    {
        IChannel channel;
        try
        {
            channel = await OpenChannelAsync(cancellationToken);
        }
        catch (BrokerUnavailableException unavailable)
        {
            return Transient(unavailable.Message, "AMQP NO_CONNECTION");
        }

        using var confirmWait = new CancellationTokenSource(confirmTimeout, time);
        using var publishCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, confirmWait.Token);
        var started = time.GetTimestamp();
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, publishCancellation.Token);
        }
        catch (PublishReturnException returned)
        {
            return Transient($"the broker returned it: {noRoute}", $"AMQP {returned.ReplyCode} {returned.ReplyText}");
        }
        catch (PublishException)
        {
            return Transient($"the broker nacked it for {destination} (a full queue refusing publishes, or a broker fault)", "AMQP NACK");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The confirm may still come, or the connection is half dead: a new connection for the next attempt; the
            // other side recognises the resend by its message id.
            var waited = $"no publisher confirm within {confirmTimeout.TotalSeconds:0.#} s";
            await connection.LostAsync(waited);
            return Transient($"{waited} for {destination}", "AMQP NO_CONFIRM");
        }
        catch (OperationInterruptedException lost)
        {
            var code = lost.ShutdownReason is { } reason ? $"AMQP {reason.ReplyCode} {reason.ReplyText}" : "AMQP CHANNEL_CLOSED";
            await connection.LostAsync($"publishing to {destination}: {code}");
            return Transient($"the channel closed while publishing to {destination}: {lost.Message}", code);
        }
        catch (IOException lost)
        {
            await connection.LostAsync($"publishing to {destination}: {lost.Message}");
            return Transient($"the connection broke while publishing to {destination}: {lost.Message}", "AMQP NO_CONNECTION");
        }

        lock (_healthLock)
        {
            _lastConfirmLatency = time.GetElapsedTime(started);
            _lastExchangeAt = time.GetUtcNow();
        }
        return new DeliveryResult(DeliveryOutcome.Delivered, $"confirmed by the broker for {destination}");
    }

    /// <summary>What every message the hub publishes carries: persistent, its delivery id as message id (the same on
    /// every resend: the other side recognises a duplicate by it), the hub's login as app id and user id (the broker
    /// checks the user id against the login), when it was sent (seconds).</summary>
    public static BasicProperties Persistent(string contentType, string deliveryId, string loginId, DateTimeOffset now) => new()
    {
        ContentType = contentType,
        DeliveryMode = DeliveryModes.Persistent,
        MessageId = deliveryId,
        AppId = loginId,
        UserId = loginId,
        Timestamp = new AmqpTimestamp(now.ToUnixTimeSeconds()),
    };

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        await connection.DisposeAsync();
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        await _channelGate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } open) return open;
            if (_channel is not null) await _channel.DisposeAsync();
            _channel = null;
            _channel = await connection.OpenChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _channel;
        }
        finally
        {
            _channelGate.Release();
        }
    }

    private static DeliveryResult Transient(string detail, string transportCode) => new(DeliveryOutcome.TransientFailure, detail, transportCode);
}
