namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// One message leaving the hub for one partner. <see cref="DeliveryId"/> is its EDXL distribution id: the same on
/// every attempt, so a partner that receives it twice (after a crash) recognises the duplicate.
/// </summary>
public sealed record OutgoingMessage(string DeliveryId, string PartnerId, string IncidentKey, string Family, string ContentType, byte[] Body, Uri Endpoint);

public enum DeliveryOutcome
{
    Delivered,
    /// <summary>Partner down, timeout, 5xx, 429: try again later, keeping the order.</summary>
    TransientFailure,
    /// <summary>The partner refuses this message (4xx): retrying will not help; dead-letter it.</summary>
    Refused,
}

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Detail = null);

/// <summary>The seam every partner adapter implements: hand one message to the partner.</summary>
public interface IPartnerDelivery
{
    Task<DeliveryResult> DeliverAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
