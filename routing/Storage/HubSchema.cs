namespace MCIC2.Interop.Routing.Storage;

/// <summary>The hub's tables, created when missing (the statements are idempotent).</summary>
internal static class HubSchema
{
    public static IEnumerable<string> Statements(SqlDialect dialect) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS received_messages (
            distribution_id TEXT NOT NULL PRIMARY KEY,
            sender_id       TEXT NOT NULL,
            family          TEXT NOT NULL,
            incident_key    TEXT NULL,
            received_at     TEXT NOT NULL,
            content_type    TEXT NOT NULL,
            body            {dialect.BlobType} NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS incidents (
            incident_key  TEXT NOT NULL PRIMARY KEY,
            hub_id        TEXT NOT NULL,
            version       BIGINT NOT NULL,
            incident_json TEXT NOT NULL,
            -- UTC, ISO 8601 (sorts as time): when a handover of the incident must be escalated, if ever
            handover_due_at TEXT NULL
        )
        """,
        $"""
        CREATE TABLE IF NOT EXISTS deliveries (
            sequence               {dialect.SequenceColumn},
            delivery_id            TEXT NOT NULL UNIQUE,
            partner_id             TEXT NOT NULL,
            incident_key           TEXT NOT NULL,
            source_distribution_id TEXT NOT NULL,
            family                 TEXT NOT NULL,
            content_type           TEXT NOT NULL,
            body                   {dialect.BlobType} NOT NULL,
            created_at             TEXT NOT NULL,
            expires_at             TEXT NULL,
            state                  TEXT NOT NULL,
            attempts               INTEGER NOT NULL,
            next_attempt_at        TEXT NULL,
            last_error             TEXT NULL,
            delivered_at           TEXT NULL,
            replay_of              TEXT NULL,
            replayed_as            TEXT NULL
        )
        """,
        $"""
        CREATE TABLE IF NOT EXISTS held_messages (
            distribution_id TEXT NOT NULL PRIMARY KEY,
            waiting_for     TEXT NOT NULL,
            held_at         TEXT NOT NULL,
            reason          TEXT NOT NULL,
            content_type    TEXT NOT NULL,
            body            {dialect.BlobType} NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS held_messages_by_case ON held_messages (waiting_for, held_at)",
        // The workers' query: a partner's pending deliveries in sequence order.
        "CREATE INDEX IF NOT EXISTS deliveries_by_partner_state ON deliveries (partner_id, state, sequence)",
        "CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state)",
    ];
}
