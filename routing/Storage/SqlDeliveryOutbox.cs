using MCIC2.Interop.Routing.Audit;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// The <c>deliveries</c> table as the workers and the operators see it. A delivery moves only out of Pending
/// (to Delivered, Expired or DeadLettered) and a dead letter only to Discarded or replayed: a change asked of a
/// delivery in another state is refused with an exception, never applied silently.
/// </summary>
public sealed partial class SqlDeliveryOutbox : IDeliveryOutbox
{
    private const string Pending = nameof(DeliveryState.Pending);
    private const string DeadLettered = nameof(DeliveryState.DeadLettered);

    private readonly SqlHubStore _store;

    internal SqlDeliveryOutbox(SqlHubStore store) => _store = store;

    public Task<StoredDelivery?> NextPendingAsync(DeliveryQueue queue, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
        {
            // The next attempt time is deliberately not a filter: the worker waits for it, so nothing overtakes the head.
            var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
                $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE partner_id = @PartnerId AND address_role = @Role AND state = '{Pending}' ORDER BY sequence LIMIT 1",
                new { queue.PartnerId, Role = queue.Role.ToString() }, cancellationToken: cancellationToken));
            return row?.ToStored();
        }, cancellationToken);

    public Task<StoredDelivery?> FindByIdAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE delivery_id = @deliveryId",
            new { deliveryId }, cancellationToken: cancellationToken)))?.ToStored(), cancellationToken);

    /// <summary>One delivery by its sequence, in whatever state (for operators and tests).</summary>
    public Task<StoredDelivery?> FindAsync(long sequence, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(connection => FindAsync(connection, null, sequence, cancellationToken), cancellationToken);

    /// <summary>The deliveries of an incident in sequence order, in whatever state (for operators and tests).</summary>
    public Task<IReadOnlyList<StoredDelivery>> OfIncidentAsync(string incidentKey, CancellationToken cancellationToken = default) =>
        ListAsync("incident_key = @incidentKey", new { incidentKey }, cancellationToken);

    public Task MarkDeliveredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangePendingAsync(sequence, "state = 'Delivered', attempts = attempts + 1, delivered_at = @At, next_attempt_at = NULL",
            new { sequence, At = StoredTime.Write(at) }, cancellationToken);

    public Task MarkAttemptFailedAsync(long sequence, int attempts, DateTimeOffset nextAttemptAt, string error, string? transportCode = null, CancellationToken cancellationToken = default) =>
        ChangePendingAsync(sequence, "attempts = @attempts, next_attempt_at = @NextAttemptAt, last_error = @error, transport_code = @transportCode",
            new { sequence, attempts, NextAttemptAt = StoredTime.Write(nextAttemptAt), error, transportCode }, cancellationToken);

    public Task MarkExpiredAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ChangePendingAsync(sequence, "state = 'Expired', next_attempt_at = NULL, last_error = @Error",
            new { sequence, Error = $"expired: not delivered by its expiry, noticed at {StoredTime.Write(at)}" }, cancellationToken);

    /// <summary>Counts the attempt that ended in this dead letter (a refusal or the last transient failure).</summary>
    public Task DeadLetterAsync(long sequence, string error, string? transportCode = null, CancellationToken cancellationToken = default) =>
        ChangePendingAsync(sequence, "state = 'DeadLettered', attempts = attempts + 1, next_attempt_at = NULL, last_error = @error, transport_code = @transportCode",
            new { sequence, error, transportCode }, cancellationToken);

    public Task<IReadOnlyList<StoredDelivery>> DeadLettersAsync(string? partnerId = null, CancellationToken cancellationToken = default) =>
        partnerId is null
            ? ListAsync($"state = '{DeadLettered}'", null, cancellationToken)
            : ListAsync($"state = '{DeadLettered}' AND partner_id = @partnerId", new { partnerId }, cancellationToken);

    public Task<StoredDelivery> ReplayAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null) =>
        ReplayAsync(sequence, at, editedBody: null, trace, cancellationToken);

    public Task<StoredDelivery> ReplayEditedAsync(long sequence, DateTimeOffset at, byte[] editedBody, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null) =>
        ReplayAsync(sequence, at, (byte[]?)editedBody, trace, cancellationToken);

    private static async Task AuditAsync(DbConnection connection, DbTransaction transaction, IEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries) await SqlAuditLog.AppendAsync(connection, transaction, entry, cancellationToken);
    }

    private Task<StoredDelivery> ReplayAsync(long sequence, DateTimeOffset at, byte[]? editedBody, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (connection, transaction) =>
        {
            var original = await FindAsync(connection, transaction, sequence, cancellationToken)
                ?? throw new InvalidOperationException($"There is no delivery {sequence} to replay.");
            if (original.State != DeliveryState.DeadLettered)
                throw new InvalidOperationException($"Delivery {sequence} ({original.Delivery.DeliveryId}) is {original.State}: only a dead letter can be replayed.");
            if (original.ReplayedAs is not null)
                throw new InvalidOperationException($"Dead letter {sequence} ({original.Delivery.DeliveryId}) was already replayed as {original.ReplayedAs}.");

            // Same partner, incident, body (unless edited) and expiry; a new id (the outbox keeps one row per id) and a new place at the end.
            var replay = original.Delivery with
            {
                DeliveryId = ReplayIdOf(original.Delivery), CreatedAt = at, ReplayOf = original.Delivery.DeliveryId, Body = editedBody ?? original.Delivery.Body,
            };
            var replaySequence = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                DeliveryRow.InsertSql, DeliveryRow.InsertParameters(replay), transaction, cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException($"Cannot replay {original.Delivery.DeliveryId}: a delivery {replay.DeliveryId} already exists.");
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE deliveries SET replayed_as = @DeliveryId WHERE sequence = @sequence",
                new { replay.DeliveryId, sequence }, transaction, cancellationToken: cancellationToken));
            var stored = (await FindAsync(connection, transaction, replaySequence, cancellationToken))!;
            if (trace is not null) await AuditAsync(connection, transaction, trace(stored), cancellationToken);
            return stored;
        }, cancellationToken);

    public Task DiscardAsync(long sequence, CancellationToken cancellationToken = default, Func<StoredDelivery, IEnumerable<AuditEntry>>? trace = null) =>
        _store.WriteAsync(async (connection, transaction) =>
        {
            var deadLetter = trace is null ? null : await FindAsync(connection, transaction, sequence, cancellationToken);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE deliveries SET state = 'Discarded' WHERE sequence = @sequence AND state = '{DeadLettered}' AND replayed_as IS NULL",
                new { sequence }, transaction, cancellationToken: cancellationToken));
            if (changed != 1)
                throw new InvalidOperationException($"Delivery {sequence} cannot be discarded: only a dead letter not yet replayed can be.");
            if (trace is not null && deadLetter is not null) await AuditAsync(connection, transaction, trace(deadLetter), cancellationToken);
            return changed;
        }, cancellationToken);

    public Task<IReadOnlyList<DeliveryQueue>> QueuesWithPendingAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<DeliveryQueue>>(async connection => (await connection.QueryAsync<(string PartnerId, string Role)>(new CommandDefinition(
                $"SELECT DISTINCT partner_id, address_role FROM deliveries WHERE state = '{Pending}' ORDER BY partner_id, address_role",
                cancellationToken: cancellationToken)))
            .Select(row => new DeliveryQueue(row.PartnerId, Enum.Parse<AddressRole>(row.Role))).ToList(), cancellationToken);

    /// <summary>How many deliveries wait in each queue that has any (the backlog a link's health shows).</summary>
    public Task<IReadOnlyDictionary<DeliveryQueue, int>> PendingCountsAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyDictionary<DeliveryQueue, int>>(async connection => (await connection.QueryAsync<(string PartnerId, string Role, long Count)>(new CommandDefinition(
                $"SELECT partner_id, address_role, COUNT(*) FROM deliveries WHERE state = '{Pending}' GROUP BY partner_id, address_role",
                cancellationToken: cancellationToken)))
            .ToDictionary(row => new DeliveryQueue(row.PartnerId, Enum.Parse<AddressRole>(row.Role)), row => (int)row.Count), cancellationToken);

    /// <summary><c>id.replay-1</c> for a first replay, <c>id.replay-2</c> for the replay of that replay, and so on.</summary>
    internal static string ReplayIdOf(PendingDelivery delivery)
    {
        if (delivery.ReplayOf is not null && ReplaySuffix().Match(delivery.DeliveryId) is { Success: true } match)
            return $"{match.Groups["root"].Value}.replay-{int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) + 1}";
        return $"{delivery.DeliveryId}.replay-1";
    }

    [GeneratedRegex(@"^(?<root>.+)\.replay-(?<n>\d{1,9})$")]
    private static partial Regex ReplaySuffix();

    private Task ChangePendingAsync(long sequence, string assignments, object parameters, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE deliveries SET {assignments} WHERE sequence = @sequence AND state = '{Pending}'",
                parameters, transaction, cancellationToken: cancellationToken));
            if (changed != 1)
                throw new InvalidOperationException($"Delivery {sequence} is not pending: its state cannot change from here.");
            return changed;
        }, cancellationToken);

    private Task<IReadOnlyList<StoredDelivery>> ListAsync(string condition, object? parameters, CancellationToken cancellationToken) =>
        _store.ReadAsync<IReadOnlyList<StoredDelivery>>(async connection => (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
                $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE {condition} ORDER BY sequence",
                parameters, cancellationToken: cancellationToken)))
            .Select(row => row.ToStored()).ToList(), cancellationToken);

    private static async Task<StoredDelivery?> FindAsync(DbConnection connection, DbTransaction? transaction, long sequence, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(
            $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE sequence = @sequence",
            new { sequence }, transaction, cancellationToken: cancellationToken)))?.ToStored();
}
