using System.Data.Common;
using System.Text.Json;
using Dapper;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Handovers;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>One message's transaction: every statement on the same connection and transaction.</summary>
internal sealed class SqlHubTransaction(DbConnection connection, DbTransaction transaction) : IHubTransaction
{
    public async Task<bool> RecordReceivedAsync(ReceivedMessage message)
    {
        // ON CONFLICT DO NOTHING rather than catching a key violation: on PostgreSQL a violation would abort the
        // whole transaction.
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO received_messages (distribution_id, sender_id, family, incident_key, received_at, format, content_type, body)
            VALUES (@DistributionId, @SenderId, @Family, @IncidentKey, @ReceivedAt, @Format, @ContentType, @Body)
            ON CONFLICT (distribution_id) DO NOTHING
            """,
            new
            {
                message.DistributionId,
                message.SenderId,
                message.Family,
                message.IncidentKey,
                ReceivedAt = StoredTime.Write(message.ReceivedAt),
                message.Format,
                message.ContentType,
                message.Body,
            },
            transaction);
        return inserted == 1;
    }

    public async Task<ReceivedMessage?> FindReceivedAsync(string distributionId) =>
        (await SqlIncidentReads.QueryReceivedAsync(connection, transaction, "distribution_id = @distributionId", new { distributionId })).SingleOrDefault();

    public async Task<StoredIncident?> FindIncidentAsync(string incidentKey)
    {
        var json = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT incident_json FROM incidents WHERE incident_key = @incidentKey", new { incidentKey }, transaction);
        return json is null ? null : JsonSerializer.Deserialize<StoredIncident>(json, CanonicalJson.Options);
    }

    public async Task<IReadOnlyDictionary<string, StoredIncident>> FindIncidentsAsync(IReadOnlyCollection<string> incidentKeys)
    {
        var found = new Dictionary<string, StoredIncident>(StringComparer.Ordinal);
        // The parameters spelt out (Dapper passes a list to Npgsql as one array, to SQLite expanded): the same SQL on
        // both; slices of 500 keep under their parameter limits.
        foreach (var slice in incidentKeys.Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < slice.Length; i++) parameters.Add($"k{i}", slice[i]);
            var rows = await connection.QueryAsync<string>(
                $"SELECT incident_json FROM incidents WHERE incident_key IN ({string.Join(", ", slice.Select((_, i) => $"@k{i}"))})", parameters, transaction);
            foreach (var stored in rows.Select(json => JsonSerializer.Deserialize<StoredIncident>(json, CanonicalJson.Options)!)) found[stored.Key] = stored;
        }
        return found;
    }

    public async Task SaveIncidentAsync(StoredIncident incident)
    {
        var parameters = new
        {
            incident.Key,
            incident.HubId,
            incident.Version,
            Json = JsonSerializer.Serialize(incident, CanonicalJson.Options),
            DueAt = StoredTime.Write(HandoverProcess.NextDueAt(incident.Incident)?.ToUniversalTime()),
            UpdatedAt = StoredTime.Write(incident.UpdatedAt?.ToUniversalTime()),
        };
        var written = incident.Version == 1
            ? await connection.ExecuteAsync("""
                INSERT INTO incidents (incident_key, hub_id, version, incident_json, handover_due_at, updated_at) VALUES (@Key, @HubId, @Version, @Json, @DueAt, @UpdatedAt)
                ON CONFLICT (incident_key) DO NOTHING
                """, parameters, transaction)
            : await connection.ExecuteAsync("""
                UPDATE incidents SET hub_id = @HubId, version = @Version, incident_json = @Json, handover_due_at = @DueAt, updated_at = @UpdatedAt
                WHERE incident_key = @Key AND version = @Version - 1
                """, parameters, transaction);
        if (written == 1) return;

        var stored = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT version FROM incidents WHERE incident_key = @Key", new { incident.Key }, transaction);
        throw new IncidentVersionConflictException(incident.Key, incident.Version, stored);
    }

    public Task EnqueueDeliveryAsync(PendingDelivery delivery) =>
        connection.QuerySingleOrDefaultAsync<long?>(DeliveryRow.InsertSql, DeliveryRow.InsertParameters(delivery), transaction);

    public async Task DeadLetterAsync(PendingDelivery delivery, string error)
    {
        if (await connection.QuerySingleOrDefaultAsync<long?>(DeliveryRow.InsertSql, DeliveryRow.InsertParameters(delivery), transaction) is not { } sequence) return;
        await connection.ExecuteAsync(
            "UPDATE deliveries SET state = 'DeadLettered', attempts = 1, last_error = @error WHERE sequence = @sequence",
            new { sequence, error }, transaction);
    }

    public async Task<IReadOnlyList<string>> IncidentsWithHandoversDueAsync(DateTimeOffset now) =>
        (await connection.QueryAsync<string>(
            "SELECT incident_key FROM incidents WHERE handover_due_at IS NOT NULL AND handover_due_at <= @Now ORDER BY handover_due_at",
            new { Now = StoredTime.Write(now.ToUniversalTime()) }, transaction)).ToList();

    public Task HoldAsync(HeldMessage message) =>
        connection.ExecuteAsync("""
            INSERT INTO held_messages (distribution_id, waiting_for, held_at, reason, format, content_type, body)
            VALUES (@DistributionId, @WaitingFor, @HeldAt, @Reason, @Format, @ContentType, @Body)
            ON CONFLICT (distribution_id) DO NOTHING
            """,
            new { message.DistributionId, message.WaitingFor, HeldAt = StoredTime.Write(message.HeldAt), message.Reason, message.Format, message.ContentType, message.Body },
            transaction);

    public async Task<IReadOnlyList<HeldMessage>> TakeHeldAsync(string incidentKey)
    {
        var held = await QueryHeld("WHERE waiting_for = @incidentKey", new { incidentKey });
        await connection.ExecuteAsync("DELETE FROM held_messages WHERE waiting_for = @incidentKey", new { incidentKey }, transaction);
        return held;
    }

    public async Task<IReadOnlyList<HeldMessage>> HeldSinceAsync(DateTimeOffset heldBefore) =>
        // Times are text with offsets: compared here, not in SQL (held messages are few).
        (await QueryHeld("", new { })).Where(h => h.HeldAt < heldBefore).ToList();

    public Task ReleaseHeldAsync(string distributionId) =>
        connection.ExecuteAsync("DELETE FROM held_messages WHERE distribution_id = @distributionId", new { distributionId }, transaction);

    private async Task<List<HeldMessage>> QueryHeld(string where, object parameters)
    {
        var rows = await connection.QueryAsync<(string DistributionId, string WaitingFor, string HeldAt, string Reason, string Format, string ContentType, byte[] Body)>(
            $"SELECT distribution_id, waiting_for, held_at, reason, format, content_type, body FROM held_messages {where}", parameters, transaction);
        return rows.Select(r => new HeldMessage(r.DistributionId, r.WaitingFor, StoredTime.Read(r.HeldAt), r.Reason, r.Format, r.ContentType, r.Body))
            .OrderBy(h => h.HeldAt).ThenBy(h => h.DistributionId, StringComparer.Ordinal).ToList();
    }

    public async Task<PendingDelivery?> FindDeliveryAsync(string deliveryId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(
            $"SELECT {DeliveryRow.Columns} FROM deliveries WHERE delivery_id = @deliveryId", new { deliveryId }, transaction);
        return row?.ToStored().Delivery;
    }

    public Task AuditAsync(Audit.AuditEntry entry) => SqlAuditLog.AppendAsync(connection, transaction, entry);

    public Task<string?> FindIncidentOfDeliveryAsync(string deliveryId) =>
        connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT incident_key FROM deliveries WHERE delivery_id = @deliveryId", new { deliveryId }, transaction);
}
