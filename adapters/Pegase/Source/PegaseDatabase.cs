using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace MCIC2.Interop.Adapters.Pegase.Source;

/// <summary>Which server a <c>--from</c> connection string names.</summary>
public enum PegaseServer
{
    /// <summary>Production: Pégase's SQL Server, through Microsoft.Data.SqlClient.</summary>
    SqlServer,

    /// <summary>The PostgreSQL twin (the generator's target, the tests).</summary>
    Postgres,
}

/// <summary>The Pégase source could not be opened: <see cref="Code"/> says which way, the message says where.</summary>
public sealed class PegaseSourceException(string code, string message, Exception? inner = null) : Exception($"{code}: {message}", inner)
{
    /// <summary>The source's connection string is neither SQL Server's nor PostgreSQL's.</summary>
    public const string UnknownServer = "PEGASE_SOURCE_UNKNOWN";

    /// <summary>The server did not answer or refused the login within the connect timeout.</summary>
    public const string Unreachable = "PEGASE_SOURCE_UNREACHABLE";

    public string Code { get; } = code;
}

/// <summary>
/// Opens the Pégase database a <c>--from</c> connection string names. SQL Server (production) when it starts with
/// <c>sqlserver:</c> or names a <c>Server=</c>/<c>Data Source=</c>; PostgreSQL when it names a <c>Host=</c>. Both run
/// the same statements (<see cref="PegaseSource.ChunkQuery"/>, valid T-SQL and PostgreSQL) through Dapper. A
/// connection string without a connect timeout gets <see cref="ConnectTimeoutSeconds"/>: a migration whose source is
/// down says so in seconds, not after the drivers' 15 s or 30 s.
/// </summary>
public static class PegaseDatabase
{
    public const string SqlServerPrefix = "sqlserver:";
    public const int ConnectTimeoutSeconds = 5;

    public static PegaseServer ServerOf(string from)
    {
        if (from.StartsWith(SqlServerPrefix, StringComparison.OrdinalIgnoreCase)) return PegaseServer.SqlServer;
        var keys = KeysOf(from);
        if (keys.Contains("host")) return PegaseServer.Postgres;
        if (keys.Contains("server") || keys.Contains("data source")) return PegaseServer.SqlServer;
        throw new PegaseSourceException(PegaseSourceException.UnknownServer,
            "--from names neither a SQL Server (sqlserver:…, Server=… or Data Source=…) nor a PostgreSQL database (Host=…)");
    }

    /// <summary>The connection, not yet open (the connect timeout set when the string has none).</summary>
    public static DbConnection Connection(string from) => ServerOf(from) switch
    {
        PegaseServer.SqlServer => new SqlConnection(WithTimeout(new SqlConnectionStringBuilder(Strip(from)), from, "Connect Timeout").ConnectionString),
        _ => new NpgsqlConnection(WithTimeout(new NpgsqlConnectionStringBuilder(from), from, "Timeout").ConnectionString),
    };

    /// <summary>The connection, open; a server that does not answer is a <see cref="PegaseSourceException.Unreachable"/>.</summary>
    public static async Task<DbConnection> OpenAsync(string from, CancellationToken cancellationToken)
    {
        var connection = Connection(from);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var where = connection.DataSource;
            await connection.DisposeAsync();
            throw new PegaseSourceException(PegaseSourceException.Unreachable,
                $"the Pégase {ServerOf(from)} database at {where} cannot be opened: {e.Message}", e);
        }
    }

    private static string Strip(string from) =>
        from.StartsWith(SqlServerPrefix, StringComparison.OrdinalIgnoreCase) ? from[SqlServerPrefix.Length..] : from;

    private static HashSet<string> KeysOf(string from) =>
        Strip(from).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2)[0].Trim().ToLowerInvariant()).ToHashSet();

    /// <summary>The connect timeout unless the string sets one (under any of the drivers' names for it).</summary>
    private static T WithTimeout<T>(T builder, string from, string key) where T : DbConnectionStringBuilder
    {
        string[] names = ["timeout", "connect timeout", "connection timeout", "connecttimeout"];
        if (!KeysOf(from).Overlaps(names)) builder[key] = ConnectTimeoutSeconds;
        return builder;
    }
}
