using System.Globalization;
using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Adapters.HubEx.Sending;

/// <summary>
/// The HubEx as a channel: sends to a client (the message's address is its client id) on the distribution exchange, to
/// its <c>.message</c>, <c>.ack</c> or <c>.info</c> queue by distribution kind. Persistent, mandatory, message id = the
/// delivery id (a client recognises a resend by it), app id and user id = the hub's id (the broker checks the user id
/// against the login), a per-message TTL when the message expires before the queue TTL. Delivered only once the broker
/// confirmed it; a nack, a return, no confirm in time or a lost connection is a transient failure.
/// </summary>
public sealed class HubExChannel : IPartnerChannel, IAsyncDisposable
{
    public const string ChannelName = "hubex";

    private readonly HubExOptions _options;
    private readonly TimeProvider _time;
    private readonly HubExConnection _connection;
    private readonly SemaphoreSlim _channelGate = new(1, 1);
    private readonly Lock _healthLock = new();
    private IChannel? _channel;
    private DateTimeOffset? _lastExchangeAt;
    private TimeSpan? _lastConfirmLatency;

    public HubExChannel(HubExOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _connection = new HubExConnection(options, "send", time);
    }

    public string Name => ChannelName;

    public HubExLinkHealth Health
    {
        get
        {
            lock (_healthLock) return new HubExLinkHealth(_connection.IsOpen, _lastExchangeAt, _lastConfirmLatency, _connection.LastProblem);
        }
    }

    public string? CheckAddress(string address) => ClientIds.Check(address, _options);

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (ClientIds.Check(message.Address, _options) is { } badAddress) return Refused($"not sent: {badAddress}");
        if (ClientQueues.ForDistributionKind(message.DistributionKind) is not { } kind)
            return Refused($"not sent: '{message.DistributionKind}' is not a distribution kind the HubEx routes (Report, Update, Cancel, Ack, Error)");
        var queue = ClientQueues.Name(message.Address, kind);

        var now = _time.GetUtcNow();
        var ttl = _options.QueueTtl;
        if (message.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= now) return Refused($"not sent: it expired at {expiresAt:O}, before it could be sent to {queue}");
            if (expiresAt - now < ttl) ttl = expiresAt - now;
        }
        var properties = new BasicProperties
        {
            ContentType = message.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.DeliveryId,
            AppId = _options.HubId,
            UserId = _options.HubId,
            Timestamp = new AmqpTimestamp(now.ToUnixTimeSeconds()),
            // Whole milliseconds, rounded up: a message with time left is never sent already expired.
            Expiration = ((long)Math.Ceiling(ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture),
        };

        IChannel channel;
        try
        {
            channel = await OpenChannelAsync(cancellationToken);
        }
        catch (BrokerUnavailableException unavailable)
        {
            return Transient(unavailable.Message, "AMQP NO_CONNECTION");
        }

        using var confirmTimeout = new CancellationTokenSource(_options.ConfirmTimeout, _time);
        using var publishCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, confirmTimeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            await channel.BasicPublishAsync(_options.DistributionExchange, queue, mandatory: true, properties, message.Body, publishCancellation.Token);
        }
        catch (PublishReturnException returned)
        {
            // No queue: the client is not provisioned yet (rules reloaded before the definitions were imported) or its
            // queue was deleted. Provisioning mends that, and a retry then delivers in order; refusing would dead-letter
            // this message and every later one for the client until an operator replays them.
            return Transient($"the broker returned it: no queue {queue} on exchange {_options.DistributionExchange} (provision client {message.Address})",
                $"AMQP {returned.ReplyCode} {returned.ReplyText}");
        }
        catch (PublishException)
        {
            return Transient($"the broker nacked it for {queue} (a full queue refusing publishes, or a broker fault)", "AMQP NACK");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The confirm may still come, or the connection is half dead: a new connection for the next attempt; the
            // client recognises the resend by its message id.
            await _connection.LostAsync($"no publisher confirm within {_options.ConfirmTimeout.TotalSeconds:0.#} s");
            return Transient($"no publisher confirm within {_options.ConfirmTimeout.TotalSeconds:0.#} s for {queue}", "AMQP NO_CONFIRM");
        }
        catch (OperationInterruptedException lost)
        {
            var code = lost.ShutdownReason is { } reason ? $"AMQP {reason.ReplyCode} {reason.ReplyText}" : "AMQP CHANNEL_CLOSED";
            await _connection.LostAsync($"publishing to {queue}: {code}");
            return Transient($"the channel closed while publishing to {queue}: {lost.Message}", code);
        }
        catch (IOException lost)
        {
            await _connection.LostAsync($"publishing to {queue}: {lost.Message}");
            return Transient($"the connection broke while publishing to {queue}: {lost.Message}", "AMQP NO_CONNECTION");
        }

        lock (_healthLock)
        {
            _lastConfirmLatency = _time.GetElapsedTime(started);
            _lastExchangeAt = _time.GetUtcNow();
        }
        return new DeliveryResult(DeliveryOutcome.Delivered, $"confirmed by the broker on {queue}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }

    /// <summary>One channel with publisher confirms, shared by every send (the client library serialises what it must
    /// and tracks each publish's confirm); opened again once closed.</summary>
    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        await _channelGate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } open) return open;
            if (_channel is not null) await _channel.DisposeAsync();
            _channel = null;
            _channel = await _connection.OpenChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _channel;
        }
        finally
        {
            _channelGate.Release();
        }
    }

    private static DeliveryResult Refused(string detail) => new(DeliveryOutcome.Refused, detail);

    private static DeliveryResult Transient(string detail, string transportCode) => new(DeliveryOutcome.TransientFailure, detail, transportCode);
}
