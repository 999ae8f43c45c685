using System.Security.Cryptography;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Processing;

/// <summary>
/// The envelopes the hub writes. Every id is derived from the message being processed, never random: when a crash
/// makes the hub process a message again, it produces the same ids, so partners recognise the duplicates.
/// </summary>
public static class OutgoingMessages
{
    /// <summary>How long the hub's own acknowledgements and error reports stay deliverable.</summary>
    public static readonly TimeSpan ReplyLifetime = TimeSpan.FromDays(1);

    /// <summary>The outbox key of a message for a partner (one partner gets a source message at most once).</summary>
    public static string DeliveryId(string distributionId, string partnerId) => $"{distributionId}@{partnerId}";

    /// <summary>The outbox key of a handover resent to the partner's backup address (only a key: where it goes is its
    /// <see cref="Delivery.AddressRole"/>, and nothing reads this id back).</summary>
    public static string BackupDeliveryId(string deliveryId) => $"{deliveryId}.backup";

    /// <summary>The outbox key of one version of an incident on the change feed (the version travels as data too).</summary>
    public static string IncidentChangeId(string incidentKey, long version) => $"{incidentKey}.v{version}";

    /// <summary>The message readdressed to <paramref name="recipient"/>: same distribution id and sender (partners
    /// know who spoke and dedup by id), the recipient in the explicit address and the RC-DE header. Only the
    /// distribution is copied: the content is shared with <paramref name="message"/>, which encoding never changes.</summary>
    public static CanonicalMessage ReaddressedTo(CanonicalMessage message, Partner recipient)
    {
        var d = message.Distribution!;
        var distribution = new Distribution
        {
            DistributionId = d.DistributionId,
            SenderId = d.SenderId,
            SentAt = d.SentAt,
            ExpiresAt = d.ExpiresAt,
            Status = d.Status,
            Kind = d.Kind,
            Language = d.Language,
            ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = recipient.Id },
            Header = d.Header is { } h ? new MessageHeader
            {
                MessageId = h.MessageId,
                Sender = h.Sender,
                SentAt = h.SentAt,
                Kind = h.Kind,
                Status = h.Status,
                Recipients = [Party(recipient.Id)],
            } : null,
        };
        return new CanonicalMessage
        {
            Family = message.Family,
            Distribution = distribution,
            Incident = message.Incident,
            Acknowledgement = message.Acknowledgement,
            Error = message.Error,
            Positions = message.Positions,
            PositionRequest = message.PositionRequest,
            ResourceDescriptions = message.ResourceDescriptions,
            Preserved = message.Preserved,
        };
    }

    /// <summary>The RC-REF the hub sends the sender once its message is accepted and routed.</summary>
    public static CanonicalMessage Acknowledgement(Distribution source, string hubId, DateTimeOffset now) => new()
    {
        Family = MessageFamilies.Reference,
        Distribution = Reply(source, hubId, "Ack", "ack", now),
        Acknowledgement = new Acknowledgement { AcknowledgedDistributionId = source.DistributionId },
    };

    /// <summary>The RS-ERROR the hub sends the sender when its message is refused, with the Hub Santé code.</summary>
    /// <param name="about">What the error is about when one message can cause several (e.g. the partner not reached).</param>
    public static CanonicalMessage Error(Distribution source, string hubId, HubErrorCode code, string cause, DateTimeOffset now, string? about = null) => new()
    {
        Family = MessageFamilies.Error,
        Distribution = Reply(source, hubId, "Error", $"error-{(int)code}-{about}", now),
        Error = new ErrorReport
        {
            StatusCode = (int)code,
            StatusString = code.StatusString(),
            Cause = Bounded(cause),
            ReferencedDistributionId = source.DistributionId,
        },
    };

    /// <summary>The longest <c>errorCause</c> the hub sends: the first problems say enough, and a cause quoting a hostile
    /// value (a megabyte of property name in a path) would make the report itself unwritable.</summary>
    public const int MaxCauseLength = 4000;

    private static string Bounded(string cause)
    {
        if (cause.Length <= MaxCauseLength) return cause;
        var cut = MaxCauseLength - 40;
        if (char.IsHighSurrogate(cause[cut - 1])) cut--; // never half a pair
        return $"{cause[..cut]}… ({cause.Length} characters in all)";
    }

    private static Distribution Reply(Distribution source, string hubId, string kind, string purpose, DateTimeOffset now)
    {
        var at = Seconds(now);
        var id = $"{hubId}_{NameBasedId($"{purpose}:{source.DistributionId}")}";
        return new Distribution
        {
            DistributionId = id,
            SenderId = hubId,
            SentAt = at,
            ExpiresAt = at + ReplyLifetime,
            Status = source.Status,
            Kind = kind,
            Language = source.Language ?? "fr-FR",
            ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = source.SenderId },
            Header = new MessageHeader
            {
                MessageId = id,
                Sender = Party(hubId),
                SentAt = at,
                Kind = kind,
                Status = source.Status,
                Recipients = [Party(source.SenderId)],
            },
        };
    }

    private static Party Party(string id) => new() { Name = id, Uri = $"hubex:{id}" };

    /// <summary>CISU timestamps carry whole seconds.</summary>
    private static DateTimeOffset Seconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static Guid NameBasedId(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
