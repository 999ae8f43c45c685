using System.Globalization;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;

namespace MCIC2.Interop.Simulators.PeerHubEx.Dispatching;

/// <summary>What the dispatcher does with a message: refuse it with a code, or deliver it.</summary>
public abstract record Verdict;

/// <summary>Refused: an RS-ERROR with <paramref name="Code"/> goes to the sender's <c>.info</c>.</summary>
public sealed record Refusal(HubErrorCode Code, string Cause, string? DistributionId, JsonObject? Source) : Verdict;

/// <summary>Delivered to <paramref name="RecipientId"/>'s queue, in its encoding, living at most <paramref name="TimeToLive"/>.</summary>
public sealed record Delivery(string SenderId, string RecipientId, RecipientQueue Queue, string DistributionId, byte[] Body, string ContentType, TimeSpan TimeToLive) : Verdict;

/// <summary>
/// Hub Santé's dispatcher checks, in its order, each with its code: content type (101), persistence (100), the
/// envelope's sender against the routing key, or one the publishing client relays (200), the distribution id's prefix and the schemas (300), a use case this
/// vhost's version does not carry (301), already expired (400), no such recipient (501); then the conversion to the
/// recipient's encoding (600) and the per-message TTL (the earlier of <c>dateTimeExpires</c> and the queue TTL).
/// </summary>
public sealed class DispatcherChecks(PeerHubExSettings settings, TimeProvider time)
{
    public const string Json = "application/json";
    public const string Xml = "application/xml";

    private readonly CisuReader _reader = new();
    private readonly CisuWriter _writer = new();

    public static string ContentType(CisuEncoding encoding) => encoding == CisuEncoding.Json ? Json : Xml;

    public static CisuEncoding? EncodingOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        Json => CisuEncoding.Json,
        Xml => CisuEncoding.Xml,
        _ => null,
    };

    public Verdict Check(ReadOnlyMemory<byte> body, string? contentType, bool persistent, string routingKey)
    {
        if (EncodingOf(contentType) is not { } encoding)
            return new Refusal(HubErrorCode.NotAllowedContentType, $"content type '{contentType}' is neither {Json} nor {Xml}", null, null);
        if (!persistent)
            return new Refusal(HubErrorCode.DeliveryModeInconsistency, "the message is not persistent (delivery mode 2)", null, null);
        if (EnvelopeFields.Read(body.Span, encoding) is not { } envelope)
            return new Refusal(HubErrorCode.UnrecognizedMessageFormat, $"the body is not well-formed {encoding}", null, null);
        Refusal Refuse(HubErrorCode code, string cause) => new(code, cause, envelope.DistributionId, envelope.Json);

        // A relaying client (another HubEx) publishes the envelopes of the ids it vouches for, under its own routing key.
        if (envelope.SenderId != routingKey && settings.Client(routingKey)?.Relays(envelope.SenderId ?? "") != true)
            return Refuse(HubErrorCode.SenderInconsistency, $"$.senderID '{envelope.SenderId}' is not the routing key '{routingKey}'");
        var senderId = envelope.SenderId!;
        if (envelope.DistributionId is not { } distributionId || !distributionId.StartsWith(senderId + "_", StringComparison.Ordinal) || distributionId.Length == senderId.Length + 1)
            return Refuse(HubErrorCode.InvalidMessage, $"$.distributionID '{envelope.DistributionId}' is not '{senderId}_<internal id>'");

        CisuDocument document;
        try
        {
            document = _reader.Read(body.Span);
            var problems = encoding == CisuEncoding.Json ? JsonSchemaValidator.Shared.ValidateEnvelope(envelope.Json) : XsdValidator.Shared.Validate(envelope.Xml!);
            if (problems.Count > 0) return Refuse(HubErrorCode.InvalidMessage, Causes(problems));
        }
        catch (MessageRejectedException rejected)
        {
            return Refuse(rejected.Code, Causes(rejected.Problems));
        }
        if (!settings.UseCases.Contains(document.UseCase.Family))
            return Refuse(HubErrorCode.SchemaNotFound, $"{document.UseCase.Family} is not carried by {settings.VirtualHost}");

        var now = time.GetUtcNow();
        if (!DateTimeOffset.TryParse(envelope.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt))
            return Refuse(HubErrorCode.InvalidMessage, $"$.dateTimeExpires '{envelope.ExpiresAt}' is not a date-time");
        if (expiresAt <= now)
            return Refuse(HubErrorCode.ExpiredMessageBeforeRouting, $"expired at {envelope.ExpiresAt}, before routing");
        if ((settings.Client(envelope.RecipientId ?? "") ?? settings.RelayOf(envelope.RecipientId ?? "", routingKey)) is not { } recipient)
            return Refuse(HubErrorCode.UnroutableMessage, $"$.descriptor.explicitAddress.explicitAddressValue '{envelope.RecipientId}' is no client of {settings.HubId}");
        if (RecipientQueues.ForKind(envelope.Kind) is not { } queue)
            return Refuse(HubErrorCode.InvalidMessage, $"$.distributionKind '{envelope.Kind}' is routed nowhere");

        byte[] delivered;
        try
        {
            delivered = recipient.Receives == encoding ? body.ToArray() : _writer.Write(document, recipient.Receives);
        }
        catch (MessageRejectedException rejected)
        {
            return Refuse(HubErrorCode.MessageConversionError, Causes(rejected.Problems));
        }
        var timeToLive = expiresAt - now < settings.QueueTtl ? expiresAt - now : settings.QueueTtl;
        return new Delivery(routingKey, recipient.Id, queue, distributionId, delivered, ContentType(recipient.Receives), timeToLive);
    }

    private static string Causes(IReadOnlyList<Problem> problems) => string.Join("; ", problems.Take(10));
}
