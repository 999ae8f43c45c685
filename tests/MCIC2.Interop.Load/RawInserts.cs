using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MCIC2.Interop.Load;

/// <summary>
/// The floor under the hub: how fast this machine's databases take inserts of a message-sized row (4 kB), each in
/// its own transaction (what the hub does per message, and per delivery marked done) and in batches of 100 (for
/// reference). SQLite as the hub opens it: a file, WAL, synchronous left at FULL (see SqlDialect).
/// </summary>
public static class RawInserts
{
    private const int BatchSize = 100;
    private const int BatchedRowsFactor = 10;
    private static readonly byte[] Body = RandomBody();

    public static async Task<List<(string, string)>> SqliteAsync(string file, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000;");
        var synchronous = await ScalarAsync(connection, "PRAGMA synchronous"); // 2 = FULL
        await ExecuteAsync(connection, "CREATE TABLE raw_rows (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body BLOB NOT NULL)");
        var settings = $"WAL, synchronous={synchronous}";
        return
        [
            ($"raw SQLite insert, one row per transaction ({settings})", Rate(rows, await InsertAsync(connection, "s", rows, 1))),
            ($"raw SQLite insert, {BatchSize} rows per transaction", Rate(rows * BatchedRowsFactor, await InsertAsync(connection, "b", rows * BatchedRowsFactor, BatchSize))),
        ];
    }

    public static async Task<List<(string, string)>> PostgresAsync(string connectionString, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var settings = $"fsync={await ScalarAsync(connection, "SHOW fsync")}, synchronous_commit={await ScalarAsync(connection, "SHOW synchronous_commit")}";
        await ExecuteAsync(connection, "CREATE TABLE raw_rows (sequence BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, body BYTEA NOT NULL)");
        return
        [
            ($"raw PostgreSQL insert, one row per transaction ({settings})", Rate(rows, await InsertAsync(connection, "s", rows, 1))),
            ($"raw PostgreSQL insert, {BatchSize} rows per transaction", Rate(rows * BatchedRowsFactor, await InsertAsync(connection, "b", rows * BatchedRowsFactor, BatchSize))),
        ];
    }

    /// <summary>Inserts <paramref name="rows"/> rows, committing every <paramref name="perTransaction"/>; the elapsed time.</summary>
    private static async Task<TimeSpan> InsertAsync(DbConnection connection, string prefix, int rows, int perTransaction)
    {
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < rows; done += perTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_rows (id, body) VALUES (@id, @body)";
            var id = Parameter(insert, "@id", "");
            Parameter(insert, "@body", Body);
            await insert.PrepareAsync();
            for (var row = done; row < Math.Min(rows, done + perTransaction); row++)
            {
                id.Value = $"{prefix}-{row}";
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        return clock.Elapsed;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static string Rate(int rows, TimeSpan elapsed) => $"{rows / elapsed.TotalSeconds:0} rows/s ({rows} rows, {elapsed.TotalSeconds:0.0} s)";

    private static byte[] RandomBody()
    {
        var body = new byte[4096];
        new Random(42).NextBytes(body);
        return body;
    }
}
