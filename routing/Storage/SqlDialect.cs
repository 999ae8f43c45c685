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

    private sealed class SqliteDialect : SqlDialect
    {
        // AUTOINCREMENT: a sequence number is never handed out twice, even after the last row is deleted.
        public override string SequenceColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
        public override string BlobType => "BLOB";
        public override bool SerialisesWrites => true;
        public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

        // WAL: readers (the delivery workers) never wait for the writer. synchronous stays FULL (the default):
        // an accepted message must survive a power cut, not only a process crash.
        public override string ConnectionSetup => "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;";

        protected override string ColumnsQuery => "SELECT name FROM pragma_table_info(@table)";

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

        protected override string ColumnsQuery => "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";

        internal override IPartnerLease PartnerLeaseOf(SqlHubStore store) => new PostgresPartnerLease(store);
    }
}
