using MCIC2.Interop.Load;
using MCIC2.Interop.Load.Http;
using MCIC2.Interop.Load.HubEx;
using MCIC2.Interop.Load.Pegase;
using MCIC2.Interop.Routing.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

// The routing load command: end-to-end figures of the real hub over HTTP or the HubEx, and the raw rates of the
// databases (and the broker) under it.
if (args.Contains("--help"))
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}
// The generator's and the baseline's steps of --pegase, each run by it as a process of its own.
if (args is ["--pegase-raw-copy", var copyFrom, var copyTo]) return await MigrationRun.RawCopyAsync(copyFrom, copyTo);
if (args is ["--pegase-generate", var fiches, var into]) return await MigrationRun.GenerateAsync(int.Parse(fiches, System.Globalization.CultureInfo.InvariantCulture), into);
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

if (options.PegaseFiches > 0) return await MigrationRun.ReportAsync(options);
var directory = Path.Combine(Path.GetTempPath(), $"mcic2-load-{Guid.NewGuid():N}");
Directory.CreateDirectory(directory);
if (options.Footprint) return await FootprintRun.ReportAsync(options, directory);
var database = $"mcic2_load_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
var ownDatabase = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString;
var createdDatabase = false;
var loadBefore = LoadAverage();
try
{
    var rows = new List<(string Measure, string Value)>();
    if (options.Profile == "postgres" || !options.SkipRaw)
    {
        createdDatabase = await TryAdminAsync(options.Postgres, $"CREATE DATABASE {database}");
        if (!createdDatabase && options.Profile == "postgres") return 1;
    }
    await using (ILoadChannel channel = options.Channel == LoadOptions.HubExChannel
        ? await HubExLoadChannel.StartAsync(options, directory)
        : await HttpLoadChannel.StartAsync(directory))
    {
        rows.AddRange(await new RoutedRun(options, directory, options.Profile == "postgres" ? ownDatabase : null).RunAsync(channel));
    }
    if (options.ProcessorMessages > 0)
    {
        Console.WriteLine($"processor alone: {options.ProcessorMessages} messages");
        var store = options.Profile == "postgres"
            ? SqlHubStore.ForPostgres(ownDatabase)
            : SqlHubStore.ForSqlite($"Data Source={Path.Combine(directory, "processor", "mcic2.db")}");
        var incidents = Math.Max(1, (int)((long)options.ProcessorMessages * options.Incidents / options.Messages));
        rows.AddRange(await ProcessorRun.RunAsync(store, options.ProcessorMessages, incidents));
    }
    if (!options.SkipRaw)
    {
        Console.WriteLine($"raw inserts: {options.RawRows} rows one per transaction, {options.RawRows * 10} in batches");
        rows.AddRange(await RawInserts.SqliteAsync(Path.Combine(directory, "raw.db"), options.RawRows));
        rows.AddRange(createdDatabase
            ? await RawInserts.PostgresAsync(ownDatabase, options.RawRows)
            : [("raw PostgreSQL insert", "n/a (no server)")]);
    }
    rows.Insert(0, ("run", $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
    // Other processes on the machine share its cores: the figures mean little if it was busy.
    rows.Insert(1, ("machine load average (1 min) before / after", $"{loadBefore} / {LoadAverage()}"));
    Console.WriteLine();
    Console.WriteLine(Report.Text(rows));
    if (options.Markdown is { } markdown)
    {
        await File.WriteAllTextAsync(markdown, Report.Markdown(rows));
        Console.WriteLine($"written to {markdown}");
    }
    return 0;
}
finally
{
    SqliteConnection.ClearAllPools();
    NpgsqlConnection.ClearAllPools();
    if (createdDatabase) await TryAdminAsync(options.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

// CREATE / DROP DATABASE on the server of the given connection string; false (and why) when it cannot.
static async Task<bool> TryAdminAsync(string connectionString, string sql)
{
    try
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return true;
    }
    catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
    {
        Console.Error.WriteLine($"PostgreSQL: {sql} failed: {e.Message}");
        return false;
    }
}
