using System.Data.Common;
using Dapper;
using MCIC2.Interop.Routing.Delivery;
using Microsoft.Data.Sqlite;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// The hub store in plain SQL through Dapper: the same statements on SQLite (embedded profile) and PostgreSQL,
/// the few differences kept in <see cref="SqlDialect"/>.
/// </summary>
public sealed class SqlHubStore : IHubStore
{
    public const string DefaultSqliteConnectionString = "Data Source=data/mcic2.db";

    private readonly string _connectionString;
    // SQLite has one writer: queue write transactions here instead of letting them wait on the file lock.
    private readonly SemaphoreSlim? _writer;
    // Set while this flow holds a write transaction: a write started inside it (say, the outbox called from a message
    // transaction) would wait forever for the SQLite writer slot; it is refused instead, on both databases alike.
    private readonly AsyncLocal<bool> _writing = new();

    public SqlHubStore(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        _connectionString = connectionString;
        _writer = dialect.SerialisesWrites ? new SemaphoreSlim(1, 1) : null;
        Outbox = new SqlDeliveryOutbox(this);
        Audit = new SqlAuditLog(this);
        Incidents = new SqlIncidentReads(this);
        PartnerLease = dialect.PartnerLeaseOf(this);
    }

    public SqlDialect Dialect { get; }

    public SqlDeliveryOutbox Outbox { get; }

    IDeliveryOutbox IHubStore.Outbox => Outbox;

    /// <summary>Who read or changed what: the append-only audit log.</summary>
    public SqlAuditLog Audit { get; }

    /// <summary>The incidents and their messages as operators look them up (outside message transactions).</summary>
    public SqlIncidentReads Incidents { get; }

    /// <summary>The per-partner lease the delivery workers hold while they deliver (see <see cref="SqlDialect"/>).</summary>
    public IPartnerLease PartnerLease { get; }

    /// <summary>The embedded store: an SQLite file (its folder created when missing), in WAL mode.</summary>
    public static SqlHubStore ForSqlite(string connectionString = DefaultSqliteConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return new SqlHubStore(SqlDialect.Sqlite, builder.ToString());
    }

    /// <summary>The production store: PostgreSQL (an Npgsql connection string).</summary>
    public static SqlHubStore ForPostgres(string connectionString) => new(SqlDialect.Postgres, connectionString);

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            foreach (var (table, column, definition) in HubSchema.AddedColumns)
            {
                if (await Dialect.TableExistsWithoutAsync(connection, transaction, table, column, cancellationToken))
                    await connection.ExecuteAsync(new CommandDefinition($"ALTER TABLE {table} ADD COLUMN {column} {definition}", transaction: transaction, cancellationToken: cancellationToken));
            }
            foreach (var statement in HubSchema.Statements(Dialect))
                await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    public Task<T> InTransactionAsync<T>(Func<IHubTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) => work(new SqlHubTransaction(connection, transaction)), cancellationToken);

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Dialect.ConnectionSetup is { } setup)
                await connection.ExecuteAsync(new CommandDefinition(setup, cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction: committed when it returns, rolled back when it throws.</summary>
    internal async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_writing.Value)
            throw new InvalidOperationException("A write transaction was started inside another one: use the IHubTransaction given to the work, not the store or its outbox.");
        if (_writer is not null) await _writer.WaitAsync(cancellationToken);
        try
        {
            _writing.Value = true;
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writing.Value = false;
            _writer?.Release();
        }
    }

    internal async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await read(connection);
    }
}
