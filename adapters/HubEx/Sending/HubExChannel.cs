using System.Globalization;
using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;

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
    private readonly ConfirmedPublisher _publisher;

    public HubExChannel(HubExOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _publisher = new ConfirmedPublisher(new HubExConnection(options, "send", time), options.ConfirmTimeout, time);
    }

    public string Name => ChannelName;

    public HubExLinkHealth Health => _publisher.Health;

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
        var properties = ConfirmedPublisher.Persistent(message.ContentType, message.DeliveryId, _options.HubId, now);
        // Whole milliseconds, rounded up: a message with time left is never sent already expired.
        properties.Expiration = ((long)Math.Ceiling(ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        // No queue: the client is not provisioned yet (rules reloaded before the definitions were imported) or its
        // queue was deleted. Provisioning mends that, and a retry then delivers in order; refusing would dead-letter
        // this message and every later one for the client until an operator replays them.
        return await _publisher.PublishAsync(_options.DistributionExchange, queue, properties, message.Body, $"queue {queue}",
            $"no queue {queue} on exchange {_options.DistributionExchange} (provision client {message.Address})", cancellationToken);
    }

    public ValueTask DisposeAsync() => _publisher.DisposeAsync();

    private static DeliveryResult Refused(string detail) => new(DeliveryOutcome.Refused, detail);
}
