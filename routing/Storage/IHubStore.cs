using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// The hub's database (an SQLite file on the embedded profile, PostgreSQL in production). Everything a message
/// changes — its receipt, its incident, the deliveries it causes — is written in one transaction, so a crash leaves
/// either all of it or none of it.
/// </summary>
public interface IHubStore
{
    /// <summary>Creates the tables when missing (idempotent).</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    Task<T> InTransactionAsync<T>(Func<IHubTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>The delivery outbox, read by the delivery workers outside message transactions.</summary>
    IDeliveryOutbox Outbox { get; }
}

/// <summary>What a message transaction may do.</summary>
public interface IHubTransaction
{
    /// <summary>Records a received message by its distribution id; false when it was already received (a duplicate:
    /// the caller must not apply it again).</summary>
    Task<bool> RecordReceivedAsync(ReceivedMessage message);

    /// <summary>The message received under this distribution id, or null (to tell a resend from a re-used id).</summary>
    Task<ReceivedMessage?> FindReceivedAsync(string distributionId);

    Task<StoredIncident?> FindIncidentAsync(string incidentKey);

    /// <summary>The stored incidents among <paramref name="incidentKeys"/>, by key, in one query (a migration chunk).</summary>
    Task<IReadOnlyDictionary<string, StoredIncident>> FindIncidentsAsync(IReadOnlyCollection<string> incidentKeys);

    /// <summary>Inserts or updates; fails when <see cref="StoredIncident.Version"/> is not the stored version + 1 (a lost update).</summary>
    Task SaveIncidentAsync(StoredIncident incident);

    Task EnqueueDeliveryAsync(PendingDelivery delivery);

    /// <summary>Writes <paramref name="delivery"/> as a dead letter straight away (a message the hub could not
    /// process: nothing to attempt, an operator to decide); a delivery id already in the outbox is left as it is.</summary>
    Task DeadLetterAsync(PendingDelivery delivery, string error);

    /// <summary>Incidents with a handover whose deadline has passed (to escalate).</summary>
    Task<IReadOnlyList<string>> IncidentsWithHandoversDueAsync(DateTimeOffset now);

    /// <summary>Keeps a message that arrived before its case (e.g. RC-RI before RC-EDA) until the case exists.</summary>
    Task HoldAsync(HeldMessage message);

    /// <summary>Removes and returns the messages held for <paramref name="incidentKey"/>, in the order they arrived.</summary>
    Task<IReadOnlyList<HeldMessage>> TakeHeldAsync(string incidentKey);

    /// <summary>Held messages that have waited since before <paramref name="heldBefore"/> (the case never came).</summary>
    Task<IReadOnlyList<HeldMessage>> HeldSinceAsync(DateTimeOffset heldBefore);

    /// <summary>Removes one held message (given up on).</summary>
    Task ReleaseHeldAsync(string distributionId);

    /// <summary>A delivery written earlier, by its id (to resend a handover to a backup address).</summary>
    Task<PendingDelivery?> FindDeliveryAsync(string deliveryId);

    /// <summary>Appends to the audit log in this transaction: the change and its trace commit or roll back together.</summary>
    Task AuditAsync(Audit.AuditEntry entry);

    /// <summary>Which incident a delivery we sent belongs to (for acknowledgements and errors that name it).</summary>
    Task<string?> FindIncidentOfDeliveryAsync(string deliveryId);
}

/// <summary>A message waiting for its case: its bytes, and the case key it waits for.</summary>
public sealed record HeldMessage(string DistributionId, string WaitingFor, DateTimeOffset HeldAt, string Reason, string Format, string ContentType, byte[] Body);

/// <summary>A message as received, kept with its original bytes and the format they are in.</summary>
public sealed record ReceivedMessage(string DistributionId, string SenderId, string Family, string? IncidentKey, DateTimeOffset ReceivedAt, string Format, string ContentType, byte[] Body);
