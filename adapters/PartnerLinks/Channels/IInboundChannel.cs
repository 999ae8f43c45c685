using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.PartnerLinks.Channels;

/// <summary>
/// A channel that receives by itself (a consumer of the HubEx queues): it hands every message to the hub's intake
/// and tells its side only what the intake answered — acknowledged once stored, or refused with the reply to send back.
/// (HTTP is no such loop: the host's <c>POST /messages</c> hands each request to the same <see cref="IMessageIntake"/>,
/// with the partner its token or client certificate authenticated, and answers with the verdict.)
/// </summary>
public interface IInboundChannel
{
    string Name { get; }

    /// <summary>Receives until <paramref name="cancellationToken"/> is cancelled.</summary>
    Task ReceiveAsync(IMessageIntake intake, CancellationToken cancellationToken);
}

/// <summary>The hub's intake as every channel sees it: one message in, one verdict out.</summary>
public interface IMessageIntake
{
    Task<IntakeVerdict> ReceiveAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>One message as a channel received it.</summary>
/// <param name="AuthenticatedSender">The partner the channel authenticated (certificate CN, token), or null when the
/// channel authenticates nobody (the embedded default's development mode). The envelope must name the same sender.</param>
/// <param name="SenderClaimedByChannel">What the channel's own framing says the sender is (the HubEx routing key), checked
/// against the envelope too; null when the channel has no such field.</param>
/// <param name="Persistent">False when the channel says the message was sent non-persistent (Hub Santé refuses it, 100).</param>
public sealed record InboundMessage(
    byte[] Body,
    string? ContentType,
    string Channel,
    string? AuthenticatedSender,
    string? SenderClaimedByChannel = null,
    bool Persistent = true);

/// <summary>What the intake made of a message.</summary>
public abstract record IntakeVerdict
{
    /// <summary>Stored durably: the channel may acknowledge it to its side.</summary>
    public sealed record Accepted(string DistributionId) : IntakeVerdict;

    /// <summary>Not kept. <see cref="Reply"/> is the RS-ERROR for the sender when the sender is known (a channel that
    /// has no synchronous answer, like the HubEx, sends it); the channel acknowledges the message all the same.</summary>
    public sealed record Refused(MessageRejectedException Rejection, OutgoingMessage? Reply) : IntakeVerdict;

    /// <summary>The hub cannot take messages now (starting, recovering, too many waiting): the channel leaves it with
    /// its side, to be received again later. <see cref="Reason"/>: why, for a channel that can tell its side.</summary>
    public sealed record NotNow(TimeSpan RetryAfter, string? Reason = null) : IntakeVerdict;
}

/// <summary>
/// What a channel learns of a delivery after it counted as delivered: the HubEx dead-letters or expires a message in
/// the recipient's queue. The hub tells the message's sender (500 DEAD_LETTER_QUEUED, 400 EXPIRED_MESSAGE_BEFORE_ROUTING).
/// </summary>
public interface IDeliveryFeedback
{
    /// <param name="deliveryId">The <see cref="OutgoingMessage.DeliveryId"/> the channel sent (its message id).</param>
    Task UndeliveredAsync(string deliveryId, HubErrorCode code, string cause, CancellationToken cancellationToken);
}
