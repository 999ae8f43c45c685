using System.Data.Common;
using Dapper;
using MCIC2.Interop.Routing.Delivery;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// What differs between the two databases the hub runs on. Everything else — the SQL of every query, the
/// upsert (<c>ON CONFLICT</c>), <c>RETURNING</c>, times as ISO 8601 text — is the same on both.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();
    public static SqlDialect Postgres { get; } = new PostgresDialect();

    /// <summary>The type of the <c>sequence</c> column: a 64-bit key the database numbers itself, never reused.</summary>
    public abstract string SequenceColumn { get; }

    public abstract string BlobType { get; }

    /// <summary>SQLite allows one writer at a time: the store queues its write transactions in-process rather than
    /// letting them fight for the file lock.</summary>
    public abstract bool SerialisesWrites { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>An expression of the instant a stored time (<see cref="StoredTime"/> text) stands for, whatever its offset:
    /// stored times compare as text only when they share one.</summary>
    public abstract string Instant(string time);

    /// <summary>A condition: <paramref name="column"/> is one of the values of the list parameter <paramref name="list"/>.</summary>
    public abstract string IsIn(string column, string list);

    /// <summary>The statements (idempotent) that make the database itself refuse to change or remove a row of
    /// <paramref name="table"/>: an audit trail no statement can rewrite, whatever code runs on the store.</summary>
    public abstract IEnumerable<string> AppendOnly(string table);

    /// <summary>Settings each new connection needs before its first command.</summary>
    public virtual string? ConnectionSetup => null;

    /// <summary>True when <paramref name="table"/> exists but has no <paramref name="column"/> (a store of an earlier version).</summary>
    internal async Task<bool> TableExistsWithoutAsync(DbConnection connection, DbTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<string>(new CommandDefinition(ColumnsQuery, new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        return columns.Count > 0 && !columns.Contains(column, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The column names of the table named <c>@table</c> (none when it does not exist).</summary>
    protected abstract string ColumnsQuery { get; }

    /// <summary>How the delivery workers of the processes sharing <paramref name="store"/> keep to one per partner.</summary>
    internal abstract IPartnerLease PartnerLeaseOf(SqlHubStore store);

    /// <summary>After the retention pass's deletes: gives the freed space back to the file system where the engine
    /// does not reuse it by itself, in bounded steps; the bytes given back.</summary>
    internal virtual Task<long> ReclaimSpaceAsync(SqlHubStore store, CancellationToken cancellationToken) => Task.FromResult(0L);

    private sealed class SqliteDialect : SqlDialect
    {
        // AUTOINCREMENT: a sequence number is never handed out twice, even after the last row is deleted.
        public override string SequenceColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
        public override string BlobType => "BLOB";
        public override bool SerialisesWrites => true;
        public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

        // julianday reads ISO 8601 with its offset (to the millisecond, which is enough for ages in days).
        public override string Instant(string time) => $"julianday({time})";

        // Dapper writes the list out as (@list1, @list2, ...).
        public override string IsIn(string column, string list) => $"{column} IN {list}";

        // WAL: readers (the delivery workers) never wait for the writer. synchronous stays FULL (the default):
        // an accepted message must survive a power cut, not only a process crash. auto_vacuum takes effect only on a
        // file without tables (a new store): its pages freed by the retention pass can then be given back
        // (ReclaimSpaceAsync); a store created before keeps reusing them, as SQLite does, without shrinking.
        public override string ConnectionSetup => "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;";

        /// <summary>Pages given back per write transaction: a few megabytes, so a message transaction waits little.</summary>
        private const int VacuumStep = 2000;

        internal override async Task<long> ReclaimSpaceAsync(SqlHubStore store, CancellationToken cancellationToken)
        {
            var reclaimed = 0L;
            while (true)
            {
                var freed = await store.WriteAsync(async (connection, transaction) =>
                {
                    async Task<long> Pragma(string pragma) => await connection.ExecuteScalarAsync<long>(new CommandDefinition($"PRAGMA {pragma}", transaction: transaction, cancellationToken: cancellationToken));
                    const long Incremental = 2;
                    var free = await Pragma("freelist_count");
                    if (free == 0 || await Pragma("auto_vacuum") != Incremental) return 0;
                    await connection.ExecuteAsync(new CommandDefinition($"PRAGMA incremental_vacuum({VacuumStep})", transaction: transaction, cancellationToken: cancellationToken));
                    return (free - await Pragma("freelist_count")) * await Pragma("page_size");
                }, cancellationToken);
                if (freed == 0) return reclaimed;
                reclaimed += freed;
            }
        }

        protected override string ColumnsQuery => "SELECT name FROM pragma_table_info(@table)";

        public override IEnumerable<string> AppendOnly(string table) =>
        [
            $"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
            $"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        ];

        // No lock to take: the embedded profile is single-node — its SQLite file belongs to the one hub process that
        // runs on it, whose coordinator starts at most one worker per partner. Several nodes need PostgreSQL.
        internal override IPartnerLease PartnerLeaseOf(SqlHubStore store) => SingleProcessLease.Instance;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string SequenceColumn => "BIGSERIAL PRIMARY KEY";
        public override string BlobType => "BYTEA";
        public override bool SerialisesWrites => false;
        public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

        public override string Instant(string time) => $"CAST({time} AS timestamptz)";

        // Npgsql sends the list as one array parameter.
        public override string IsIn(string column, string list) => $"{column} = ANY({list})";

        protected override string ColumnsQuery => "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";

        // One function for the row triggers (UPDATE, DELETE) and the statement trigger (TRUNCATE, which fires no row trigger).
        public override IEnumerable<string> AppendOnly(string table) =>
        [
            $"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{table} is append-only (% refused)', TG_OP; END $$",
            $"CREATE OR REPLACE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
            $"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
        ];

        internal override IPartnerLease PartnerLeaseOf(SqlHubStore store) => new PostgresPartnerLease(store);
    }
}
