using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>How many messages a hub's bus received and has not handled yet (Wolverine's durable inbox), read from its
/// store while the hub is down or running: what a kill leaves for the restarted hub to take back.</summary>
public static class BusInbox
{
    private const string InFlightSql = "SELECT COUNT(*) FROM {0}wolverine_incoming_envelopes WHERE status = 'Incoming'";

    /// <summary>The embedded profile's bus, the SQLite file <paramref name="busFile"/> (<c>DATA/bus.db</c>).</summary>
    public static async Task<int> EmbeddedAsync(string busFile)
    {
        await using var connection = new SqliteConnection($"Data Source={busFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, InFlightSql, "");
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The postgres profile's bus, in its schema <c>mcic2_bus</c>.</summary>
    public static async Task<int> PostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, InFlightSql, "mcic2_bus."), connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
