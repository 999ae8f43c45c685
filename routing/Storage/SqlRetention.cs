using System.Data.Common;
using Dapper;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Retention;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// One retention pass over the hub store (<see cref="RetentionPolicy"/>): what is finished and old goes, in batches of
/// <see cref="RetentionPolicy.BatchSize"/> rows, each in its own short transaction, so a message transaction waits for
/// one batch at most (SQLite has one writer). The time of the pass is given: the store reads no clock.
/// </summary>
public sealed class SqlRetention(SqlHubStore store)
{
    /// <summary>The largest UTC offset: a stored time's text differs from its UTC text by its offset, never more.</summary>
    private static readonly TimeSpan LargestOffset = TimeSpan.FromHours(14);

    private SqlDialect Dialect => store.Dialect;

    /// <summary>
    /// A delivery that keeps its message: pending, or dead-lettered and neither replayed (a replay is a delivery of the
    /// same message, so it counts by itself) nor discarded; written or delivered since <c>@Cutoff</c>; or of an incident
    /// with a handover open (the handover's resend reads the original delivery). Times are compared as instants: those
    /// written by a clock with an offset keep it.
    /// </summary>
    private string Keeps(string delivery) => $"""
        ({delivery}.state = 'Pending' OR ({delivery}.state = 'DeadLettered' AND {delivery}.replayed_as IS NULL)
         OR {Dialect.Instant($"{delivery}.created_at")} >= {Dialect.Instant("@Cutoff")}
         OR {Dialect.Instant($"{delivery}.delivered_at")} >= {Dialect.Instant("@Cutoff")}
         OR {delivery}.incident_key IN (SELECT i.incident_key FROM incidents i WHERE i.handover_due_at IS NOT NULL))
        """;

    /// <summary>Received messages old and done with at <c>@Cutoff</c>: received before it, not held for their case, and
    /// no delivery of them <see cref="Keeps"/> them. <c>@Horizon</c> (the cutoff plus <see cref="LargestOffset"/>, as
    /// text) narrows on the index before the times are compared as instants.</summary>
    private string MessagesDue => $"""
        FROM received_messages r
        WHERE r.received_at < @Horizon AND {Dialect.Instant("r.received_at")} < {Dialect.Instant("@Cutoff")}
          AND NOT EXISTS (SELECT 1 FROM held_messages h WHERE h.distribution_id = r.distribution_id)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.source_distribution_id = r.distribution_id AND {Keeps("d")})
        """;

    /// <summary>Messages the hub accepted but could not process have no received row: their dead letter in the routing
    /// queue (<see cref="UnprocessedMessages"/>) stands for them, with the RS-ERROR their sender was sent. Done with
    /// like the others, once discarded (or replayed: the replay records the message received).</summary>
    private string UnprocessedDue => $"""
        FROM deliveries u
        WHERE u.partner_id = '{UnprocessedMessages.QueueId}'
          AND NOT EXISTS (SELECT 1 FROM received_messages r WHERE r.distribution_id = u.source_distribution_id)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.source_distribution_id = u.source_distribution_id AND {Keeps("d")})
        """;

    /// <summary>Incidents unchanged since <c>@Cutoff</c> with nothing of them owed: no handover open, no message held
    /// for them, no delivery pending or dead letter unhandled. <c>updated_at</c> is written in UTC: it compares as text.</summary>
    private const string IncidentsDue = """
        FROM incidents i
        WHERE i.updated_at < @Cutoff
          AND i.handover_due_at IS NULL
          AND i.incident_key NOT IN (SELECT h.waiting_for FROM held_messages h)
          AND i.incident_key NOT IN (
              SELECT d.incident_key FROM deliveries d WHERE d.state = 'Pending' OR (d.state = 'DeadLettered' AND d.replayed_as IS NULL))
        """;

    /// <summary>Removes (or with <paramref name="dryRun"/> counts) what <paramref name="policy"/> says is done with at
    /// <paramref name="now"/>, then gives the freed space back where the engine needs it.</summary>
    public async Task<RetentionReport> RunAsync(RetentionPolicy policy, DateTimeOffset now, bool dryRun, CancellationToken cancellationToken = default)
    {
        policy = policy.Checked();
        var messages = Cutoff(now - policy.Messages);
        var incidents = Cutoff(now - policy.Incidents);
        if (dryRun)
        {
            return await store.ReadAsync(async connection => new RetentionReport(true,
                await CountAsync(connection, $"SELECT COUNT(*) {MessagesDue}", messages, cancellationToken)
                    + await CountAsync(connection, $"SELECT COUNT(DISTINCT u.source_distribution_id) {UnprocessedDue}", messages, cancellationToken),
                await CountAsync(connection, $"SELECT COUNT(*) FROM deliveries WHERE source_distribution_id IN (SELECT r.distribution_id {MessagesDue})", messages, cancellationToken)
                    + await CountAsync(connection, $"SELECT COUNT(*) FROM deliveries WHERE source_distribution_id IN (SELECT u.source_distribution_id {UnprocessedDue})", messages, cancellationToken),
                await CountAsync(connection, $"SELECT COUNT(*) {IncidentsDue}", incidents, cancellationToken),
                0), cancellationToken);
        }

        // An incident saved before the hub dated its changes counts from the first pass that sees it: kept the whole
        // period, never removed for lack of a date.
        await InBatchesAsync(policy.BatchSize, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE incidents SET updated_at = @Now WHERE incident_key IN (SELECT incident_key FROM incidents WHERE updated_at IS NULL LIMIT {policy.BatchSize})",
            new { Now = StoredTime.Write(now.ToUniversalTime()) }, transaction, cancellationToken: cancellationToken)), cancellationToken);
        var (removedMessages, removedDeliveries, removedIncidents) = (0L, 0L, 0L);
        await InBatchesAsync(policy.BatchSize, async (connection, transaction) =>
        {
            var ids = await DueAsync(connection, transaction, $"SELECT r.distribution_id {MessagesDue} ORDER BY r.received_at", messages, policy.BatchSize, cancellationToken);
            if (ids.Length == 0) return 0;
            removedDeliveries += await DeleteAsync(connection, transaction, "deliveries", "source_distribution_id", ids, cancellationToken);
            removedMessages += await DeleteAsync(connection, transaction, "received_messages", "distribution_id", ids, cancellationToken);
            return ids.Length;
        }, cancellationToken);
        await InBatchesAsync(policy.BatchSize, async (connection, transaction) =>
        {
            var ids = await DueAsync(connection, transaction, $"SELECT DISTINCT u.source_distribution_id {UnprocessedDue}", messages, policy.BatchSize, cancellationToken);
            if (ids.Length == 0) return 0;
            removedDeliveries += await DeleteAsync(connection, transaction, "deliveries", "source_distribution_id", ids, cancellationToken);
            removedMessages += ids.Length;
            return ids.Length;
        }, cancellationToken);
        await InBatchesAsync(policy.BatchSize, async (connection, transaction) =>
        {
            var keys = await DueAsync(connection, transaction, $"SELECT i.incident_key {IncidentsDue} ORDER BY i.updated_at", incidents, policy.BatchSize, cancellationToken);
            if (keys.Length == 0) return 0;
            removedIncidents += await DeleteAsync(connection, transaction, "incidents", "incident_key", keys, cancellationToken);
            return keys.Length;
        }, cancellationToken);
        var reclaimed = await Dialect.ReclaimSpaceAsync(store, cancellationToken);
        return new RetentionReport(false, removedMessages, removedDeliveries, removedIncidents, reclaimed);
    }

    /// <summary>The parameters of the conditions above for a cutoff.</summary>
    private static object Cutoff(DateTimeOffset cutoff) => new
    {
        Cutoff = StoredTime.Write(cutoff.ToUniversalTime()),
        Horizon = StoredTime.Write((cutoff + LargestOffset).ToUniversalTime()),
    };

    /// <summary>Runs <paramref name="batch"/> in its own write transaction until one handles fewer than <paramref name="batchSize"/> rows.</summary>
    private async Task InBatchesAsync(int batchSize, Func<DbConnection, DbTransaction, Task<int>> batch, CancellationToken cancellationToken)
    {
        while (await store.WriteAsync(batch, cancellationToken) >= batchSize) { }
    }

    private static async Task<string[]> DueAsync(DbConnection connection, DbTransaction transaction, string select, object cutoff, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition($"{select} LIMIT {limit}", cutoff, transaction, cancellationToken: cancellationToken))).ToArray();

    private Task<int> DeleteAsync(DbConnection connection, DbTransaction transaction, string table, string column, string[] values, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {Dialect.IsIn(column, "@values")}", new { values }, transaction, cancellationToken: cancellationToken));

    private static Task<long> CountAsync(DbConnection connection, string sql, object cutoff, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cutoff, cancellationToken: cancellationToken));
}
