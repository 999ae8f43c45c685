namespace MCIC2.Interop.Routing.Delivery;

/// <summary>A delivery written by a message transaction, waiting to be sent to its partner.</summary>
public sealed record PendingDelivery(
    string DeliveryId,
    string PartnerId,
    string IncidentKey,
    string SourceDistributionId,
    string Family,
    string ContentType,
    byte[] Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? ReplayOf = null);

public enum DeliveryState { Pending, Delivered, Expired, DeadLettered, Discarded }

/// <summary>A delivery as stored, with its place in the partner's order and its attempts.
/// <see cref="ReplayedAs"/>: for a dead letter that was replayed, the id of the delivery that replaced it (the dead
/// letter stays listed as history, but is not replayed twice).</summary>
public sealed record StoredDelivery(
    long Sequence,
    PendingDelivery Delivery,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    string? ReplayedAs = null);

/// <summary>
/// The outbox the delivery workers drain: per partner, strictly in the order the deliveries were written
/// (<see cref="StoredDelivery.Sequence"/>), one at a time, so an incident's messages reach a partner in order
/// even across an outage.
/// </summary>
public interface IDeliveryOutbox
{
    /// <summary>The oldest pending delivery of the partner, or null when none is pending.</summary>
    Task<StoredDelivery?> NextPendingAsync(string partnerId, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task MarkAttemptFailedAsync(long sequence, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    Task MarkExpiredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task DeadLetterAsync(long sequence, string error, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredDelivery>> DeadLettersAsync(string? partnerId = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues a copy of a dead letter as a new delivery linked to it (<see cref="PendingDelivery.ReplayOf"/>), at the end of the partner's order.</summary>
    Task<StoredDelivery> ReplayAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task DiscardAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Partners with at least one pending delivery (for the workers to wake up after a restart).</summary>
    Task<IReadOnlyList<string>> PartnersWithPendingAsync(CancellationToken cancellationToken = default);
}
