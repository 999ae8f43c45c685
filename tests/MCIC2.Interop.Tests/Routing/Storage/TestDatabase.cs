using MCIC2.Interop.Tests.Support;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MCIC2.Interop.Tests.Routing.Storage;

public enum Database { Sqlite, Postgres }

/// <summary>
/// A fresh, migrated hub store for one test: an SQLite file in the temp folder, or a schema of its own in the
/// PostgreSQL that <c>./scripts/test</c> starts (<c>MCIC2_TEST_POSTGRES</c>). Without that variable the PostgreSQL
/// tests fail, saying so: a skipped database is an untested one.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _cleanUp;

    private TestDatabase(SqlHubStore store, string connectionString, Func<Task> cleanUp)
    {
        Store = store;
        _connectionString = connectionString;
        _cleanUp = cleanUp;
    }

    private readonly string _connectionString;

    /// <summary>Runs one statement on the database directly, past the hub's code (what a database shell could do).</summary>
    public async Task<int> ExecuteRawAsync(string sql)
    {
        await using System.Data.Common.DbConnection connection = Store.Dialect == SqlDialect.Sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public SqlHubStore Store { get; }

    public SqlDeliveryOutbox Outbox => Store.Outbox;

    public static async Task<TestDatabase> CreateAsync(Database database)
    {
        var test = database == Database.Sqlite ? Sqlite() : await PostgresAsync();
        await test.Store.MigrateAsync();
        return test;
    }

    public async ValueTask DisposeAsync() => await _cleanUp();

    /// <summary>Enqueues deliveries in one message transaction, in the order given.</summary>
    public Task EnqueueAsync(params PendingDelivery[] deliveries) =>
        Store.InTransactionAsync(async transaction =>
        {
            foreach (var delivery in deliveries) await transaction.EnqueueDeliveryAsync(delivery);
            return deliveries.Length;
        });

    /// <summary>Runs <paramref name="work"/> in a message transaction that then fails, as a crash before the commit would.</summary>
    public Task FailInTransactionAsync(Func<IHubTransaction, Task> work) =>
        Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Store.InTransactionAsync<bool>(async transaction =>
        {
            await work(transaction);
            throw new InvalidOperationException("crash before commit");
        }));

    /// <summary>Dead-letters the partner's head of queue, as the worker does with a refusal.</summary>
    public async Task<StoredDelivery> DeadLetterHeadAsync(string partnerId, string error = "refused: HTTP 400 BadRequest", string transportCode = "HTTP 400")
    {
        var head = await Outbox.NextPendingAsync(partnerId) ?? throw new InvalidOperationException($"nothing pending for {partnerId}");
        await Outbox.DeadLetterAsync(head.Sequence, error, transportCode);
        return head;
    }

    private static TestDatabase Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mcic2-store-{Guid.NewGuid():N}.db");
        return new TestDatabase(SqlHubStore.ForSqlite($"Data Source={file}"), $"Data Source={file}", () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" }) File.Delete(path);
            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> PostgresAsync()
    {
        var schema = await ScratchSchema.CreateAsync();
        return new TestDatabase(SqlHubStore.ForPostgres(schema.ConnectionString), schema.ConnectionString, async () => await schema.DisposeAsync());
    }
}

/// <summary>Deliveries to write in tests: what matters is named, the rest is plausible.</summary>
public static class TestDeliveries
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 30, 0, TimeSpan.FromHours(1));

    public static PendingDelivery To(string partnerId, string deliveryId, string incidentKey = "fr.police.cic35.case-1",
        DateTimeOffset? createdAt = null, DateTimeOffset? expiresAt = null) =>
        new(deliveryId, partnerId, incidentKey, $"source-of-{deliveryId}", "RC-EDA", "cisu-json", "application/json", "Report",
            System.Text.Encoding.UTF8.GetBytes($$"""{"distributionID":"{{deliveryId}}"}"""),
            createdAt ?? Start, expiresAt);
}
