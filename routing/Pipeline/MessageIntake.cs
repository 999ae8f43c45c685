using System.Security.Cryptography;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Processing;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// Step 1, Receive, the same for every channel: Hub Santé's checks in its order — persistent (100), a content type
/// the hub reads (101), a message it can read (102, 300, 301), a sender it knows (703) who is the one the channel
/// authenticated (200), a distribution id of that sender's (300), nothing a recipient could not be sent (300), not
/// expired (400) — then queue it durably. Only a
/// message this accepts is kept; a refusal keeps nothing, so nothing can be lost.
/// </summary>
public sealed class MessageIntake(IIntakeQueue queue, MessageFormats formats, TimeProvider time, IKnownSenders senders, IntakeOptions? options = null) : IMessageIntake
{
    private readonly IntakeOptions _options = options ?? new IntakeOptions();

    public async Task<IntakeVerdict> ReceiveAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return new IntakeVerdict.Accepted((await AcceptAsync(message, cancellationToken)).DistributionId);
        }
        catch (MessageRejectedException rejected)
        {
            return new IntakeVerdict.Refused(rejected, ReplyTo(message, rejected));
        }
    }

    /// <summary>Returns the accepted message once it is durably queued. The same distribution id twice is accepted
    /// twice: the processor's transaction deduplicates.</summary>
    public async Task<AcceptedMessage> AcceptAsync(InboundMessage inbound, CancellationToken ct)
    {
        if (!inbound.Persistent)
            throw new MessageRejectedException(HubErrorCode.DeliveryModeInconsistency, "delivery-mode", "the message was sent non-persistent: a broker restart would lose it");
        var format = formats.ForContentType(inbound.ContentType);
        var message = format.Decode(inbound.Body);
        var distribution = message.Distribution
            ?? throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                "an envelope is required to route: a bare payload names neither its sender nor its distribution id");
        var sender = CheckSender(inbound, distribution);
        RefuseWhatCannotTravel(inbound.Body, format, distribution);
        var now = time.GetUtcNow();
        if (distribution.ExpiresAt <= now)
        {
            throw new MessageRejectedException(HubErrorCode.ExpiredMessageBeforeRouting, "$.dateTimeExpires",
                $"message expired at {distribution.ExpiresAt:O}, received at {now:O}");
        }
        CheckDates(distribution, now);
        using var span = Telemetry.HubTelemetry.Source.StartActivity("mcic2.intake", System.Diagnostics.ActivityKind.Consumer);
        span?.SetTag("mcic2.distribution_id", distribution.DistributionId).SetTag("mcic2.sender", sender.Id).SetTag("mcic2.family", message.Family);
        var accepted = new AcceptedMessage(
            distribution.DistributionId,
            sender.Id,
            PartitionKey.Of(message),
            message.Family,
            format.ContentType,
            inbound.Body,
            now)
        {
            Format = format.Name,
            TraceParent = span?.Id,
        };
        await queue.EnqueueAsync(accepted, ct);
        Telemetry.HubTelemetry.MessagesIn.Add(1, Telemetry.HubTelemetry.Tag("partner", sender.Id), Telemetry.HubTelemetry.Tag("family", message.Family));
        return accepted;
    }

    /// <summary>The sender is a partner, the one the channel vouches for, named alike wherever the message names it.</summary>
    private Partner CheckSender(InboundMessage inbound, Distribution distribution)
    {
        var senderId = distribution.SenderId;
        var sender = senders.Find(senderId)
            ?? throw new MessageRejectedException(HubErrorCode.UnknownSender, "$.senderID", $"'{senderId}' is not a partner of this hub: nobody could be answered");
        if (inbound.SenderClaimedByChannel is { } claimed && !PartnerDirectory.SameId(claimed, senderId))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "$.senderID", $"sent as '{claimed}' on {inbound.Channel} but the envelope's sender is '{senderId}'");
        if (inbound.AuthenticatedSender is { } authenticated && !PartnerDirectory.SameId(authenticated, senderId))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "$.senderID", $"authenticated as '{authenticated}' on {inbound.Channel} but the envelope's sender is '{senderId}'");
        if (inbound.AuthenticatedSender is null && (sender.HasCredentials || _options.RequireAuthentication))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "$.senderID", $"'{senderId}' must authenticate on {inbound.Channel} to send as itself");
        if (distribution.Header is { } header && !string.Equals(header.Sender.Uri, $"hubex:{senderId}", StringComparison.OrdinalIgnoreCase))
        {
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, $"{HeaderPath}.sender.URI",
                $"the header names '{header.Sender.Uri}' but the envelope's sender is 'hubex:{senderId}'");
        }
        if (!distribution.DistributionId.StartsWith(senderId + "_", StringComparison.OrdinalIgnoreCase))
        {
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$.distributionID",
                $"'{distribution.DistributionId}' is not one of {senderId}'s: a distribution id is '{senderId}_' and the sender's own id");
        }
        return sender;
    }

    /// <summary>A sending time near the hub's clock and an expiry within reach: a message dated year 0001 or 9999 is a
    /// sender's bug, and a far expiry would keep it deliverable — retried, held, stored — for ever. Both are 300, a value
    /// the message may not have; an expired message was told so (400) before.</summary>
    private void CheckDates(Distribution distribution, DateTimeOffset now)
    {
        var problems = new List<Problem>();
        CheckSentAt("$.dateTimeSent", distribution.SentAt);
        if (distribution.Header is { } header) CheckSentAt($"{HeaderPath}.sentAt", header.SentAt);
        if (distribution.ExpiresAt - now > _options.MaxExpiry)
            problems.Add(new Problem(HubErrorCode.InvalidMessage, "$.dateTimeExpires",
                $"expires at {distribution.ExpiresAt:O}, more than {_options.MaxExpiry} after the hub's time {now:O}"));
        if (problems.Count > 0) throw new MessageRejectedException(problems);

        void CheckSentAt(string path, DateTimeOffset sentAt)
        {
            if ((sentAt - now).Duration() > _options.MaxClockSkew)
                problems.Add(new Problem(HubErrorCode.InvalidMessage, path,
                    $"sent at {sentAt:O}, more than {_options.MaxClockSkew} from the hub's time {now:O}: check the sender's clock"));
        }
    }

    private const string HeaderPath = "$.content[0].jsonContent.embeddedJsonContent.message";

    /// <summary>
    /// Refuses now what would fail after acceptance, on its way to a recipient, and hold its incident queue: a
    /// distribution id that cannot travel in a transport header (<c>X-Distribution-Id</c>, the AMQP message id), and
    /// text XML 1.0 cannot carry (NUL and other control characters, U+FFFE, U+FFFF, unpaired surrogates). Text is
    /// checked whoever the recipients turn out to be: they are decided after acceptance, by rules that can change,
    /// and any message may reach an XML partner (the CORG's EMSI; Hub Santé writes XML for non-health recipients).
    /// An XML body needs no check: its reader refuses those characters.
    /// </summary>
    private static void RefuseWhatCannotTravel(byte[] body, IMessageFormat format, Distribution distribution)
    {
        var problems = new List<Problem>();
        if (!UncarriableText.CanTravelInHeader(distribution.DistributionId))
            problems.Add(new Problem(HubErrorCode.InvalidMessage, "$.distributionID",
                "a distribution id is printable ASCII without spaces: it travels in transport headers"));
        if (format.ContentType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            problems.AddRange(UncarriableText.InJson(body));
        if (problems.Count > 0) throw new MessageRejectedException(problems);
    }

    /// <summary>The RS-ERROR a channel without a synchronous answer sends back, when the sender can be told: known to
    /// the hub, named by the message or vouched for by the channel.</summary>
    private OutgoingMessage? ReplyTo(InboundMessage inbound, MessageRejectedException rejected)
    {
        var source = TryDistribution(inbound);
        var senderId = inbound.AuthenticatedSender ?? inbound.SenderClaimedByChannel ?? source?.SenderId;
        if (senderId is null || senders.Find(senderId) is not { } sender || formats.Find(sender.Format) is not { } format) return null;
        // A message refused before it could be read has no distribution of its own: the error names what the hub
        // knows of it, its digest, so the sender can match it.
        source ??= new Distribution
        {
            DistributionId = $"{sender.Id}_{Convert.ToHexStringLower(SHA256.HashData(inbound.Body))[..32]}",
            SenderId = sender.Id,
            Status = "Actual",
        };
        // Quoted back printable: an XML reply cannot carry the NUL that may be why the message was refused.
        source.DistributionId = UncarriableText.Printable(source.DistributionId);
        var cause = UncarriableText.Printable(string.Join("; ", rejected.Problems));
        var error = OutgoingMessages.Error(source, senders.HubId, rejected.Code, cause, time.GetUtcNow());
        try
        {
            return new OutgoingMessage(OutgoingMessages.DeliveryId(error.Distribution!.DistributionId, sender.Id), sender.Id, sender.Address, "",
                error.Family, "Error", format.ContentType, format.Encode(error, error.Family), error.Distribution.ExpiresAt);
        }
        catch (MessageRejectedException)
        {
            return null;
        }
    }

    private Distribution? TryDistribution(InboundMessage inbound)
    {
        IMessageFormat? format = null;
        try
        {
            format = formats.ForContentType(inbound.ContentType);
            return format.Decode(inbound.Body).Distribution;
        }
        catch (MessageRejectedException)
        {
            // Refused for its payload (its schema), the envelope may still say who sent it and under which id: the
            // refusal names that message to that sender (Hub Santé's dispatcher answers schema errors the same way).
            if (format is not IEnvelopeFormat envelope || envelope.ReadEnvelopeIds(inbound.Body) is not { } ids) return null;
            return new Distribution { DistributionId = ids.DistributionId, SenderId = ids.SenderId, Status = "Actual" };
        }
    }
}

/// <summary>Settings of the intake (<c>Hub:Intake:*</c>).</summary>
/// <param name="RequireAuthentication">Refuse a message its channel did not authenticate, even from a partner the
/// rules give no credentials (off by default: the embedded default's development mode, which the host logs).</param>
public sealed record IntakeOptions(bool RequireAuthentication = false)
{
    /// <summary>How far a message's sending time (<c>dateTimeSent</c>, RC-DE <c>sentAt</c>) may be from the hub's clock,
    /// either way (<c>Hub:Intake:MaxClockSkew</c>). A day covers clocks adrift and a message delayed in a partner's queue
    /// (HubEx queues keep messages 24 h).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How far ahead of the hub's clock a message may expire (<c>Hub:Intake:MaxExpiry</c>).</summary>
    public TimeSpan MaxExpiry { get; init; } = TimeSpan.FromDays(365);
}

/// <summary>The partners the hub accepts messages from (the routing rules' partner directory), and the hub's own id.</summary>
public interface IKnownSenders
{
    Partner? Find(string senderId);

    /// <summary>The partner whose HTTP token has this SHA-256 (hex, lower case), or null.</summary>
    Partner? WithTokenSha256(string digest);

    /// <summary>The partner whose HTTPS client certificate has this SHA-256 (hex, lower case), or null.</summary>
    Partner? WithCertificateSha256(string digest);

    string HubId { get; }
}
