using System.Diagnostics;
using System.Globalization;
using MCIC2.Interop.Adapters.Pegase.Source;
using Npgsql;

namespace MCIC2.Interop.Load.Pegase;

/// <summary>
/// The Pégase migration beside the floor of moving the same rows (issue 10): on one PostgreSQL server, in one run,
/// (1) the generator fills a source database with N fiches, (2) a raw binary COPY moves those tables as they are into
/// another database, (3) <c>mcic2 migrate pegase</c> migrates them into a hub store (then reconciles). Each step is its
/// own process, so its peak memory (VmHWM) is its own.
/// </summary>
public static class MigrationRun
{
    /// <summary>The tables the generator fills, parents first (what the migration reads).</summary>
    private static readonly string[] Tables =
        ["centre", "operateur", "nature_pegase", "fiche", "vehicule", "equipage", "intervention", "position_vehicule", "personne", "fiche_historique"];

    public static async Task<int> ReportAsync(LoadOptions options)
    {
        var stamp = $"{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        string[] roles = options.PegaseKillMidway ? ["source", "copy", "hub", "killed"] : ["source", "copy", "hub"];
        var databases = roles.ToDictionary(d => d, d => $"mcic2_pegase_{d}_{stamp}");
        string On(string role) => new NpgsqlConnectionStringBuilder(options.Postgres) { Database = databases[role] }.ConnectionString;
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        try
        {
            foreach (var name in databases.Values) await AdminAsync(options.Postgres, $"CREATE DATABASE {name}");
            var here = AppContext.BaseDirectory;
            var n = options.PegaseFiches;
            Console.WriteLine($"pegase: {n} fiches; databases {string.Join(", ", databases.Values)}");

            var generated = await ChildRun.RunAsync(Path.Combine(here, "MCIC2.Interop.Load.dll"), ["--pegase-generate", $"{n}", On("source")], options.Timeout);
            var copied = await ChildRun.RunAsync(Path.Combine(here, "MCIC2.Interop.Load.dll"), ["--pegase-raw-copy", On("source"), On("copy")], options.Timeout);
            string[] MigrateInto(string role) => ["migrate", "pegase", "--from", On("source"), "--Hub:Profile", "postgres", "--Hub:Postgres", On(role)];
            var migrated = await ChildRun.RunAsync(Path.Combine(here, "mcic2.dll"), MigrateInto("hub"), options.Timeout);
            // mcic2 prints the migration's own duration ("… in 812.3 s") before it reconciles.
            var migrationSeconds = migrated.Output.Select(l => System.Text.RegularExpressions.Regex.Match(l, @" in ([0-9.]+) s$")).LastOrDefault(m => m.Success) is { } m
                ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

            var rows = new List<(string Measure, string Value)>
            {
                ("run", $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, PostgreSQL on the same machine"),
                ("generator: fiches written by binary COPY (seed 1)", Rate(n, generated.Elapsed.TotalSeconds, generated)),
                ("raw binary COPY of the same tables, database to database", Rate(n, copied.Elapsed.TotalSeconds, copied)),
                ("mcic2 migrate pegase: read, map, write incidents, checkpoint", Rate(n, migrationSeconds, migrated)),
                ("mcic2 migrate pegase, then its reconciliation (whole process)", $"{migrated.Elapsed.TotalSeconds:F1} s, exit {migrated.ExitCode} ({(migrated.ExitCode == 0 ? "reconciled" : "NOT reconciled")})"),
                ("migration / raw COPY", $"{migrationSeconds / copied.Elapsed.TotalSeconds:F1}× the time"),
            };
            var succeeded = generated.ExitCode == 0 && copied.ExitCode == 0 && migrated.ExitCode == 0;
            if (options.PegaseKillMidway)
            {
                var (killRows, same) = await KillMidwayAsync(On("source"), On("hub"), On("killed"), MigrateInto("killed"), options.Timeout);
                rows.AddRange(killRows);
                succeeded &= same;
            }
            rows.Add(("machine load average (1 min) before / after", $"{loadBefore} / {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}"));
            Console.WriteLine();
            Console.WriteLine(string.Join(Environment.NewLine, migrated.Output.TakeLast(12)));
            Console.WriteLine();
            Console.WriteLine(Report.Text(rows));
            if (options.Markdown is { } markdown)
            {
                await File.WriteAllTextAsync(markdown, Report.Markdown(rows));
                Console.WriteLine($"written to {markdown}");
            }
            return succeeded ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in databases.Values) await AdminAsync(options.Postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>
    /// The crash check of issue 10 at full size: the same migration into <paramref name="killed"/>, SIGKILLed (no
    /// shutdown, no flush) once its checkpoint has passed half the source's fiches, then rerun to its end; the two
    /// targets must have the same checksum.
    /// </summary>
    private static async Task<(List<(string Measure, string Value)> Rows, bool Same)> KillMidwayAsync(
        string source, string uninterrupted, string killed, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var half = await ScalarAsync<long>(source, "SELECT ((min(id_fiche) + max(id_fiche)) / 2)::bigint FROM fiche");
        var dll = Path.Combine(AppContext.BaseDirectory, "mcic2.dll");
        var first = await ChildRun.RunAsync(dll, arguments, timeout,
            killWhen: async () => await CheckpointAsync(killed) >= half);
        var checkpoint = await CheckpointAsync(killed);
        var rerun = await ChildRun.RunAsync(dll, arguments, timeout);
        var (expected, actual) = (await TargetChecksumAsync(uninterrupted), await TargetChecksumAsync(killed));
        var same = first.Killed && rerun.ExitCode == 0 && expected == actual;
        return ([
            ("the same migration SIGKILLed halfway", $"killed after {first.Elapsed.TotalSeconds:F1} s{(first.Killed ? "" : " (NOT killed: it ended first)")}, checkpoint at fiche {checkpoint:N0} of {half * 2:N0}"),
            ("its rerun to the end, then its reconciliation", $"{rerun.Elapsed.TotalSeconds:F1} s, exit {rerun.ExitCode}"),
            ("target checksum, uninterrupted / killed and rerun", $"{expected} / {actual}: {(expected == actual ? "identical" : "DIFFERENT")}"),
        ], same);
    }

    private static async Task<long> CheckpointAsync(string hub)
    {
        try { return await ScalarAsync<long>(hub, "SELECT coalesce(max(last_id_fiche), 0)::bigint FROM pegase_checkpoints"); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { return 0; } // the job has not created its tables yet
    }

    /// <summary>Every incident (key, version, JSON) and every ledger row (fiches and rejected child rows), hashed row by
    /// row then together: a whole million-incident target is far past what one text value may hold.</summary>
    private static Task<string> TargetChecksumAsync(string hub) => ScalarAsync<string>(hub, """
        SELECT md5((SELECT string_agg(md5(incident_key || ':' || version || ':' || incident_json), '' ORDER BY incident_key) FROM incidents)
                || (SELECT string_agg(md5(p::text), '' ORDER BY id_fiche) FROM pegase_fiches p)
                || coalesce((SELECT string_agg(md5(c::text), '' ORDER BY source_table, id) FROM pegase_child_rejects c), ''))
        """);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The generator (simulators/PegaseGenerator, seed 1), in a process of its own.</summary>
    public static async Task<int> GenerateAsync(int fiches, string source)
    {
        await MCIC2.Interop.Simulators.PegaseGenerator.PegaseDatabaseFiller.FillAsync(source, fiches, seed: 1);
        return 0;
    }

    /// <summary>The baseline, in a process of its own: the source's tables copied as PostgreSQL's binary COPY stream,
    /// untouched, into the same schema in <paramref name="target"/>.</summary>
    public static async Task<int> RawCopyAsync(string source, string target)
    {
        await using var from = new NpgsqlConnection(source);
        await using var to = new NpgsqlConnection(target);
        await from.OpenAsync();
        await to.OpenAsync();
        await using (var ddl = new NpgsqlCommand(PegaseSource.Schema(sqlServer: false), to)) await ddl.ExecuteNonQueryAsync();
        foreach (var table in Tables)
        {
            await using var reader = await from.BeginRawBinaryCopyAsync($"COPY {table} TO STDOUT (FORMAT BINARY)");
            await using var writer = await to.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
            await reader.CopyToAsync(writer);
        }
        return 0;
    }

    private static string Rate(int fiches, double seconds, ChildRun run) =>
        $"{seconds:F1} s, {fiches / seconds:N0} fiches/s, peak RSS {run.PeakRssMegabytes:N0} MB{(run.ExitCode == 0 ? "" : $", exit {run.ExitCode}")}";

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A .NET program run as a child process: its output lines, duration, exit code and peak resident memory
/// (VmHWM, read from /proc while it runs: the kernel keeps the high-water mark, the last read is the peak).</summary>
public sealed record ChildRun(int ExitCode, TimeSpan Elapsed, double PeakRssMegabytes, IReadOnlyList<string> Output, bool Killed = false)
{
    /// <param name="killWhen">asked every half second while the child runs: true kills it with SIGKILL.</param>
    public static async Task<ChildRun> RunAsync(string dll, IReadOnlyList<string> arguments, TimeSpan timeout, Func<Task<bool>>? killWhen = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var output = new List<string>();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (output) { output.Add(line); Console.WriteLine($"  {line}"); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (output) { output.Add(line); Console.Error.WriteLine($"  {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peakKb = 0L;
        using var deadline = new CancellationTokenSource(timeout);
        var killed = false;
        var polls = 0;
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, HighWaterKb(process.Id));
            if (killWhen is not null && ++polls % 5 == 0 && await killWhen())
            {
                process.Kill(); // SIGKILL on Linux
                killed = true;
                break;
            }
            try { await Task.Delay(100, deadline.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); break; }
        }
        await process.WaitForExitAsync(CancellationToken.None);
        watch.Stop();
        lock (output) return new ChildRun(process.ExitCode, watch.Elapsed, peakKb / 1024.0, [.. output], killed);
    }

    private static long HighWaterKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }
}
