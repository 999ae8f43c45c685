using Npgsql;

namespace MCIC2.Interop.Tests.Support;

/// <summary>The PostgreSQL server scripts/test starts. Never skipped silently: absent, the test fails and says why.</summary>
public static class TestPostgres
{
    public static string ConnectionString => TestServices.PostgresConnectionString;

    /// <summary>The postgres profile on a schema of its own, so tests never see each other's messages.</summary>
    public static string[] Profile(string schema) =>
        ["--Hub:Profile=postgres", $"--Hub:Postgres={ConnectionString}", $"--Hub:BusSchema={schema}", "--Hub:SingleNode=true"];

    public static string NewSchema() => "test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Runs one statement on the test server (or on <paramref name="connectionString"/>).</summary>
    public static async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A schema of its own on the test server for one test, dropped (with all it holds) afterwards.</summary>
public sealed class ScratchSchema : IAsyncDisposable
{
    private ScratchSchema(string name) => Name = name;

    public string Name { get; }

    /// <summary>The test server's connection string with this schema as search path.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { SearchPath = Name }.ToString();

    public static async Task<ScratchSchema> CreateAsync(string? name = null)
    {
        var schema = new ScratchSchema(name ?? TestPostgres.NewSchema());
        await TestPostgres.ExecuteAsync($"CREATE SCHEMA {schema.Name}");
        return schema;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.ExecuteAsync($"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }
}

/// <summary>A database of its own on the test server, for what needs one (a whole hub process); dropped on request.</summary>
public sealed class ScratchDatabase
{
    private ScratchDatabase(string name) => Name = name;

    public string Name { get; }

    /// <summary>The test server's connection string on this database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = Name }.ConnectionString;

    public static async Task<ScratchDatabase> CreateAsync(string prefix)
    {
        var database = new ScratchDatabase($"{prefix}{Guid.NewGuid():N}"[..30]);
        await TestPostgres.ExecuteAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestPostgres.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
