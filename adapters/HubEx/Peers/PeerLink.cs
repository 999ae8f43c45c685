using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Dispatching;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Adapters.HubEx.Peers;

/// <summary>
/// The hub as a client of one peer HubEx. Out: each message is published to the peer's send exchange with the hub's
/// client id as routing key, persistent, message id = the delivery id (the same on every resend: the peer's recipients
/// recognise a duplicate by it), in the link's encoding (converted when the partner's format is the other one), with
/// publisher confirms; delivered only once confirmed. In: the hub's <c>.message</c>, <c>.ack</c> and <c>.info</c>
/// queues on the peer, each on a connection of its own, go to the hub's intake and are acknowledged as the hub's own
/// dispatcher does (<see cref="IntakeHandoff"/>), a refusal's RS-ERROR going back through this link. The peer vouches
/// for its actors: the authenticated sender is the envelope's sender when the link serves it, otherwise the link
/// itself (so the intake refuses it, 200 SENDER_INCONSISTENCY). Connections lost are opened again with back-off;
/// meanwhile what the hub sends waits in its outbox, what the peer sends in the peer's queues.
/// </summary>
public sealed class PeerLink : IAsyncDisposable
{
    private readonly PeerLinkOptions _options;
    private readonly MessageFormats _formats;
    private readonly IMessageFormat _sendFormat;
    private readonly PeerServes _serves;
    private readonly TimeProvider _time;
    private readonly ConfirmedPublisher _publisher;
    private readonly IReadOnlyList<(ClientQueue Queue, HubExConnection Connection)> _receiving;
    private readonly IntakeHandoff _handoff;

    /// <param name="formats">The host's formats: to read who sent a message, and to write it in the link's encoding.</param>
    /// <exception cref="ArgumentException">The settings have a mistake (<see cref="PeerLinkOptions.Problems"/>).</exception>
    public PeerLink(PeerLinkOptions options, MessageFormats formats, TimeProvider time)
    {
        if (options.Problems($"Hub:Peers:{options.Name}") is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _options = options;
        _formats = formats;
        _sendFormat = formats.ForContentType(options.ContentType);
        _serves = new PeerServes(options.Serves);
        _time = time;
        _publisher = new ConfirmedPublisher(new HubExConnection(options, "send", time), options.ConfirmTimeout, time);
        _receiving = [.. ClientQueues.All.Select(queue => (queue, new HubExConnection(options, $"receive {QueueName(queue)}", time)))];
        _handoff = new IntakeHandoff(SendAsync, options.FaultPause, time);
    }

    public string Name => _options.Name;

    public PeerLinkOptions Options => _options;

    public PeerLinkHealth Health
    {
        get
        {
            var connections = _receiving.Select(r => r.Connection).ToList();
            var receiving = new HubExLinkHealth(connections.All(c => c.IsOpen), _handoff.LastExchangeAt, null,
                connections.Select(c => c.LastProblem).FirstOrDefault(p => p is not null));
            return new PeerLinkHealth(Name, $"amqps://{_options.Host}:{_options.Port}/{_options.VirtualHost} as {_options.ClientId}",
                _publisher.Health, receiving, _handoff.LastRefusal);
        }
    }

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (message.ExpiresAt <= now) return Refused($"not sent: it expired at {message.ExpiresAt:O}, before it could be sent to {Name}");
        byte[] body;
        try
        {
            body = InLinkEncoding(message);
        }
        catch (MessageRejectedException rejected)
        {
            return Refused($"not sent: it cannot be written in {_options.Encoding} for {Name}: {rejected.Problems.FirstOrDefault()}");
        }
        var properties = ConfirmedPublisher.Persistent(_sendFormat.ContentType, message.DeliveryId, _options.ClientId, now);
        // A return means nothing is bound to the send exchange: the peer's dispatcher is not there yet. Retried in order.
        return await _publisher.PublishAsync(_options.SendExchange, _options.ClientId, properties, body, $"exchange {_options.SendExchange} of {Name}",
            $"no queue is bound to exchange {_options.SendExchange} of {Name} (is the peer's dispatcher provisioned?)", cancellationToken);
    }

    /// <summary>Consumes the hub's three queues on the peer until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task ReceiveAsync(IMessageIntake intake, CancellationToken cancellationToken) =>
        Task.WhenAll(_receiving.Select(r => new QueueConsumer(r.Connection, QueueName(r.Queue), _options.Prefetch, _time)
            .RunAsync((delivery, ct) => _handoff.HandAsync(intake, MessageOf(delivery), ct), cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        foreach (var (_, connection) in _receiving) await connection.DisposeAsync();
    }

    private string QueueName(ClientQueue queue) => ClientQueues.Name(_options.ClientId, queue);

    /// <summary>A health service's <c>fhir-r4</c> (adapters/Fhir): the JSON EDXL-DE envelope with a Bundle as its
    /// <c>customContent</c>, which a JSON peer carries as it is (Hub Santé's SAS link carries FHIR so).</summary>
    private const string FhirJson = "application/fhir+json";

    private byte[] InLinkEncoding(OutgoingMessage message)
    {
        if (string.Equals(message.ContentType, _sendFormat.ContentType, StringComparison.OrdinalIgnoreCase)) return message.Body;
        if (_options.Encoding == PeerEncoding.Json && string.Equals(message.ContentType, FhirJson, StringComparison.OrdinalIgnoreCase)) return message.Body;
        return _sendFormat.Encode(_formats.ForContentType(message.ContentType).Decode(message.Body), message.Family);
    }

    private InboundMessage MessageOf(BasicDeliverEventArgs delivery)
    {
        var body = delivery.Body.ToArray();
        var contentType = delivery.BasicProperties.ContentType;
        return new InboundMessage(
            Body: body,
            ContentType: contentType,
            Channel: PeerChannel.ChannelName,
            AuthenticatedSender: SenderOf(body, contentType) is { } sender && _serves.Serves(sender) ? sender : Name,
            // The peer's routing key names the hub's queue, not the sender: the channel claims nothing of its own.
            SenderClaimedByChannel: null,
            Persistent: delivery.BasicProperties.Persistent);
    }

    /// <summary>The envelope's sender, read leniently when the payload is refused; null when not even the envelope can
    /// be read (the intake then refuses it, and since nobody can be named, nobody is answered).</summary>
    private string? SenderOf(byte[] body, string? contentType)
    {
        IMessageFormat? format = null;
        try
        {
            format = _formats.ForContentType(contentType);
            return format.Decode(body).Distribution?.SenderId;
        }
        catch (MessageRejectedException)
        {
            // Against its schema, its envelope may still name its sender: the intake's refusal goes back to it.
            return (format as IEnvelopeFormat)?.ReadEnvelopeIds(body)?.SenderId;
        }
    }

    private static DeliveryResult Refused(string detail) => new(DeliveryOutcome.Refused, detail);
}
