namespace MCIC2.Interop.PartnerLinks.Channels;

/// <summary>
/// A channel: how bytes reach a group of partners (HTTP POST, the HubEx over AMQP, a Kafka topic). It sends one
/// message and says what became of it; it never retries, reorders or dead-letters: the delivery workers do.
/// </summary>
public interface IPartnerChannel
{
    /// <summary>The name partners are configured with in the rules (<c>http</c>, <c>hubex</c>, <c>kafka</c>).</summary>
    string Name { get; }

    /// <summary>Checks an address from the rules when they load; null when it is fit for this channel, otherwise why not.</summary>
    string? CheckAddress(string address);

    Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One message leaving the hub for one partner at one <see cref="Address"/> (a URL, a HubEx client id, a topic).
/// <see cref="DeliveryId"/> is the same on every attempt, so a partner that receives it twice recognises the duplicate.
/// </summary>
/// <param name="DistributionKind">The envelope's kind (Report, Update, Cancel, Ack, Error): the HubEx picks the
/// recipient's queue by it.</param>
/// <param name="IncidentVersion">For the incident-change feed: the version of the incident this message carries.</param>
public sealed record OutgoingMessage(
    string DeliveryId,
    string PartnerId,
    string Address,
    string IncidentKey,
    string Family,
    string DistributionKind,
    string ContentType,
    byte[] Body,
    DateTimeOffset? ExpiresAt = null,
    long? IncidentVersion = null);

public enum DeliveryOutcome
{
    Delivered,
    /// <summary>The other side is down, busy or slow (no connection, timeout, HTTP 5xx/429, no publisher confirm): try
    /// again later, keeping the order.</summary>
    TransientFailure,
    /// <summary>The other side refuses this message: retrying will not help; it goes to the dead letters.</summary>
    Refused,
}

/// <summary>What became of one attempt. <see cref="TransportCode"/> is the channel's own answer (<c>HTTP 422</c>,
/// <c>AMQP 312</c>), kept with a dead letter so an operator can replay a whole failure group.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Detail = null, string? TransportCode = null);
