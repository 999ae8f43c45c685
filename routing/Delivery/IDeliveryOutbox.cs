using MCIC2.Interop.Routing.Audit;
namespace MCIC2.Interop.Routing.Delivery;

/// <summary>A delivery written by a message transaction, waiting to be sent to its partner.</summary>
/// <param name="Format">The format <see cref="Body"/> is written in (<c>cisu-json</c>...), to read it back.</param>
/// <param name="DistributionKind">The envelope's kind (Report, Update, Cancel, Ack, Error): some channels route by it.</param>
public sealed record PendingDelivery(
    string DeliveryId,
    string PartnerId,
    string IncidentKey,
    string SourceDistributionId,
    string Family,
    string Format,
    string ContentType,
    string DistributionKind,
    byte[] Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? ReplayOf = null)
{
    /// <summary>The partner's address it goes to (a handover escalated to the backup address: <see cref="AddressRole.Backup"/>).</summary>
    public AddressRole Role { get; init; } = AddressRole.Primary;

    /// <summary>For the incident-change feed: the incident version the body carries.</summary>
    public long? IncidentVersion { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the processing that wrote it: its delivery spans continue that trace.</summary>
    public string? TraceParent { get; init; }

    public DeliveryQueue Queue => new(PartnerId, Role);
}

public enum DeliveryState { Pending, Delivered, Expired, DeadLettered, Discarded }

/// <summary>A delivery as stored, with its place in the partner's order and its attempts.
/// <see cref="ReplayedAs"/>: for a dead letter that was replayed, the id of the delivery that replaced it (the dead
/// letter stays listed as history, but is not replayed twice). <see cref="TransportCode"/>: the channel's own answer to
/// the last attempt (<c>HTTP 422</c>, <c>AMQP 312</c>), when it gave one.</summary>
public sealed record StoredDelivery(
    long Sequence,
    PendingDelivery Delivery,
    DeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    string? ReplayedAs = null,
    string? TransportCode = null);

/// <summary>
/// The outbox the delivery workers drain: per partner, strictly in the order the deliveries were written
/// (<see cref="StoredDelivery.Sequence"/>), one at a time, so an incident's messages reach a partner in order
/// even across an outage.
/// </summary>
public interface IDeliveryOutbox
{
    /// <summary>The oldest pending delivery of the queue, or null when none is pending.</summary>
    Task<StoredDelivery?> NextPendingAsync(DeliveryQueue queue, CancellationToken cancellationToken = default);

    Task MarkDeliveredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task MarkAttemptFailedAsync(long sequence, int attempts, DateTimeOffset nextAttemptAt, string error, string? transportCode = null, CancellationToken cancellationToken = default);

    Task MarkExpiredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task DeadLetterAsync(long sequence, string error, string? transportCode = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredDelivery>> DeadLettersAsync(string? partnerId = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues a copy of a dead letter as a new delivery linked to it (<see cref="PendingDelivery.ReplayOf"/>), at the end of the partner's order.</summary>
    /// <param name="trace">The audit rows of this replay (who asked it), written in its transaction: a replay is never
    /// committed without them.</param>
    Task<StoredDelivery> ReplayAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null);

    /// <summary>The same with <paramref name="editedBody"/> in place of the dead letter's bytes (an operator corrected
    /// them); the dead letter keeps its own, so what was first sent stays known.</summary>
    Task<StoredDelivery> ReplayEditedAsync(long sequence, DateTimeOffset at, byte[] editedBody, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null);

    /// <param name="trace">The audit rows of the discard, given the dead letter discarded, written in its transaction.</param>
    Task DiscardAsync(long sequence, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null);

    /// <summary>Queues with at least one pending delivery (for the workers to wake up after a restart).</summary>
    Task<IReadOnlyList<DeliveryQueue>> QueuesWithPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>One delivery by its sequence, in whatever state (for operators).</summary>
    Task<StoredDelivery?> FindAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>A delivery by its id, in whatever state (a channel reports what became of it after it was delivered).</summary>
    Task<StoredDelivery?> FindByIdAsync(string deliveryId, CancellationToken cancellationToken = default);
}
