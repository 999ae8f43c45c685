namespace MCIC2.Interop.Routing.Storage;

/// <summary>The hub's tables, created when missing (the statements are idempotent), and the columns added since the
/// first version, added to a store created before them (<see cref="AddedColumns"/>).</summary>
internal static class HubSchema
{
    /// <summary>Columns a store of an earlier version lacks: (table, column, definition with the value old rows get).
    /// Everything written before the formats and channels were separated was CISU JSON or XML to a primary address.</summary>
    public static IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns { get; } =
    [
        ("received_messages", "format", "TEXT NOT NULL DEFAULT 'cisu-json'"),
        ("held_messages", "format", "TEXT NOT NULL DEFAULT 'cisu-json'"),
        ("deliveries", "format", "TEXT NOT NULL DEFAULT 'cisu-json'"),
        ("deliveries", "distribution_kind", "TEXT NOT NULL DEFAULT 'Report'"),
        ("deliveries", "address_role", "TEXT NOT NULL DEFAULT 'Primary'"),
        ("deliveries", "incident_version", "BIGINT NULL"),
        ("deliveries", "transport_code", "TEXT NULL"),
        ("deliveries", "trace_parent", "TEXT NULL"),
        // Unknown for incidents saved before: the retention pass dates them from the first pass that sees them.
        ("incidents", "updated_at", "TEXT NULL"),
    ];

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
            format          TEXT NOT NULL,
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
            handover_due_at TEXT NULL,
            -- UTC, ISO 8601: when the hub last changed it (the retention of incidents counts from it)
            updated_at    TEXT NULL
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
            format                 TEXT NOT NULL,
            content_type           TEXT NOT NULL,
            distribution_kind      TEXT NOT NULL,
            address_role           TEXT NOT NULL,
            incident_version       BIGINT NULL,
            trace_parent           TEXT NULL,
            body                   {dialect.BlobType} NOT NULL,
            created_at             TEXT NOT NULL,
            expires_at             TEXT NULL,
            state                  TEXT NOT NULL,
            attempts               INTEGER NOT NULL,
            next_attempt_at        TEXT NULL,
            last_error             TEXT NULL,
            transport_code         TEXT NULL,
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
            format          TEXT NOT NULL,
            body            {dialect.BlobType} NOT NULL
        )
        """,
        // Who read or changed what (routing/Audit): append-only, see SqlDialect.AppendOnly.
        $"""
        CREATE TABLE IF NOT EXISTS audit_log (
            sequence     {dialect.SequenceColumn},
            -- UTC, ISO 8601 (the hub's clock)
            at           TEXT NOT NULL,
            actor        TEXT NOT NULL,
            actor_kind   TEXT NOT NULL,
            action       TEXT NOT NULL,
            incident_key TEXT NULL,
            target       TEXT NULL,
            detail       TEXT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS audit_log_by_incident ON audit_log (incident_key, sequence)",
        "CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor, sequence)",
        .. dialect.AppendOnly("audit_log"),
        "CREATE INDEX IF NOT EXISTS held_messages_by_case ON held_messages (waiting_for, held_at)",
        // The workers' query: a queue's pending deliveries in sequence order.
        "CREATE INDEX IF NOT EXISTS deliveries_by_queue_state ON deliveries (partner_id, address_role, state, sequence)",
        "DROP INDEX IF EXISTS deliveries_by_partner_state",
        "CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state)",
        // The retention pass's queries (SqlRetention): the oldest first, and a message's deliveries.
        "CREATE INDEX IF NOT EXISTS received_messages_by_time ON received_messages (received_at)",
        "CREATE INDEX IF NOT EXISTS deliveries_by_source ON deliveries (source_distribution_id)",
        "CREATE INDEX IF NOT EXISTS incidents_by_update ON incidents (updated_at)",
    ];
}
