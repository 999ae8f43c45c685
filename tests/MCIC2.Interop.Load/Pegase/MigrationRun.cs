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
    private static readonly string[] Tables = ["centre", "operateur", "nature_pegase", "fiche"];

    public static async Task<int> ReportAsync(LoadOptions options)
    {
        var stamp = $"{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        var databases = new[] { "source", "copy", "hub" }.ToDictionary(d => d, d => $"mcic2_pegase_{d}_{stamp}");
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
            var migrated = await ChildRun.RunAsync(Path.Combine(here, "mcic2.dll"), ["migrate", "pegase", "--from", On("source"), "--Hub:Profile", "postgres", "--Hub:Postgres", On("hub")], options.Timeout);
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
                ("machine load average (1 min) before / after", $"{loadBefore} / {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a")}"),
            };
            Console.WriteLine();
            Console.WriteLine(string.Join(Environment.NewLine, migrated.Output.TakeLast(12)));
            Console.WriteLine();
            Console.WriteLine(Report.Text(rows));
            if (options.Markdown is { } markdown)
            {
                await File.WriteAllTextAsync(markdown, Report.Markdown(rows));
                Console.WriteLine($"written to {markdown}");
            }
            return generated.ExitCode == 0 && copied.ExitCode == 0 && migrated.ExitCode == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var name in databases.Values) await AdminAsync(options.Postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
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
public sealed record ChildRun(int ExitCode, TimeSpan Elapsed, double PeakRssMegabytes, IReadOnlyList<string> Output)
{
    public static async Task<ChildRun> RunAsync(string dll, IReadOnlyList<string> arguments, TimeSpan timeout)
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
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, HighWaterKb(process.Id));
            try { await Task.Delay(100, deadline.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); break; }
        }
        await process.WaitForExitAsync(CancellationToken.None);
        watch.Stop();
        lock (output) return new ChildRun(process.ExitCode, watch.Elapsed, peakKb / 1024.0, [.. output]);
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
