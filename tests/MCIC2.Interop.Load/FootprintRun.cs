using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.Data.Sqlite;

namespace MCIC2.Interop.Load;

/// <summary>
/// <c>--footprint</c>: what a load leaves behind. The hub runs as its own process (<c>mcic2 run</c>, embedded profile,
/// no rate limit) so its memory is its own; the recording partner stays in this one. Figures: the hub's resident
/// memory (VmRSS, and its peak VmHWM) and its data directory's files and rows, after the start, after the load was
/// delivered, after a retention pass (<c>mcic2 retention run</c> with the clock moved past <c>Hub:Retention:Messages</c>),
/// and after the hub sat idle.
/// </summary>
public sealed class FootprintRun(LoadOptions options, string directory)
{
    /// <summary>How long the hub sits idle after the pass before the last figures (the GC's and the bus's own clean-ups run meanwhile).</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(3);

    private string Data => Path.Combine(directory, "data");

    /// <summary>Runs it in <paramref name="directory"/> (removed afterwards) and prints the figures (and writes them to <c>--markdown</c>).</summary>
    public static async Task<int> ReportAsync(LoadOptions options, string directory)
    {
        try
        {
            var rows = new List<(string Measure, string Value)>
            {
                ("run", $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"),
            };
            rows.AddRange(await new FootprintRun(options, directory).RunAsync());
            Console.WriteLine();
            Console.WriteLine(Report.Text(rows));
            if (options.Markdown is { } markdown) await File.WriteAllTextAsync(markdown, Report.Markdown(rows));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    public async Task<IReadOnlyList<(string Measure, string Value)>> RunAsync()
    {
        await using var partners = await RecordingPartner.StartAsync();
        var rules = RuleSetLoader.CopyDefaultTo(Path.Combine(directory, "rules"), partners.BaseAddress);
        var url = $"http://127.0.0.1:{FreePort()}";
        using var hub = Mcic2("run", "--urls", url, "--Hub:DataDirectory", Data, "--Hub:Rules", rules,
            "--Hub:Intake:RateLimit:Enabled", "false");
        var rows = new List<(string, string)>();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await UntilHealthyAsync(http, hub);
            var warmup = LoadMessages.Generate("W", options.Warmup, Math.Clamp(options.Warmup / 20, 1, 10), [LoadMessages.Sdis35], TimeProvider.System);
            await PostAsync(http, warmup);
            await UntilRoutedAsync(options.Warmup);
            rows.Add(Snapshot("after start and warm-up", hub));

            var measured = LoadMessages.Generate("M", options.Messages, options.Incidents, [LoadMessages.Sdis35], TimeProvider.System);
            var clock = Stopwatch.StartNew();
            await PostAsync(http, measured);
            Console.WriteLine($"posted {options.Messages} in {clock.Elapsed.TotalSeconds:0} s; waiting for the deliveries");
            await UntilRoutedAsync(options.Warmup + options.Messages);
            Console.WriteLine($"delivered in {clock.Elapsed.TotalSeconds:0} s");
            rows.Add(("load", $"{options.Messages} messages over {options.Incidents} incidents, {options.Concurrency} clients, routed in {clock.Elapsed.TotalSeconds:0} s"));
            rows.Add(Snapshot("after the load was delivered", hub));

            var later = (RetentionDefaultMessages + TimeSpan.FromDays(1)).ToString("c", CultureInfo.InvariantCulture);
            clock.Restart();
            using var pass = Mcic2("retention", "run", "--Hub:DataDirectory", Data, "--Hub:ClockOffset", later);
            var report = (await pass.StandardOutput.ReadToEndAsync()).Trim() + (await pass.StandardError.ReadToEndAsync()).Trim();
            await pass.WaitForExitAsync();
            rows.Add(("retention pass (mcic2 retention run, clock + " + later + ")", $"{report} in {clock.Elapsed.TotalSeconds:0.0} s"));
            rows.Add(Snapshot("after the retention pass", hub));

            Console.WriteLine($"idle {Idle.TotalMinutes} min");
            await Task.Delay(Idle);
            rows.Add(Snapshot($"after {Idle.TotalMinutes:0} min idle", hub));
            return rows;
        }
        finally
        {
            if (!hub.HasExited) hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync();
        }
    }

    private static readonly TimeSpan RetentionDefaultMessages = MCIC2.Interop.Routing.Retention.RetentionPolicy.Default.Messages;

    /// <summary>Each incident's messages in order, <see cref="LoadOptions.Concurrency"/> incidents at a time; a message the
    /// hub cannot take now (503: its backlog is full) is posted again after its Retry-After, as a partner would.</summary>
    private async Task PostAsync(HttpClient http, IReadOnlyList<IReadOnlyList<LoadMessage>> incidents)
    {
        var (posted, notNow) = (0, 0);
        await Parallel.ForEachAsync(incidents, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (incident, ct) =>
        {
            foreach (var message in incident)
            {
                while (true)
                {
                    using var response = await http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(message.Body), ct);
                    if (response.StatusCode == HttpStatusCode.Accepted) break;
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        throw new InvalidOperationException($"{message.DistributionId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                    Interlocked.Increment(ref notNow);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                }
                if (Interlocked.Increment(ref posted) % 10_000 == 0) Console.WriteLine($"  {posted} accepted ({notNow} answers 503 so far)");
            }
        });
        Console.WriteLine($"  {posted} accepted, {notNow} answers 503 (backlog full) posted again");
    }

    /// <summary>Until the hub has processed <paramref name="received"/> messages and has no delivery pending (read from its store).</summary>
    private async Task UntilRoutedAsync(int received)
    {
        var deadline = DateTime.UtcNow + options.Timeout;
        var lastReport = DateTime.UtcNow;
        while (true)
        {
            var (messages, pending) = (Count("mcic2.db", "received_messages"), Count("mcic2.db", "deliveries WHERE state = 'Pending'"));
            if (messages >= received && pending == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{messages} of {received} messages processed, {pending} deliveries pending after {options.Timeout}");
            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(15))
            {
                Console.WriteLine($"  {messages} of {received} messages processed, {pending} deliveries pending");
                lastReport = DateTime.UtcNow;
            }
            await Task.Delay(500);
        }
    }

    private (string, string) Snapshot(string when, Process hub)
    {
        var status = File.ReadAllLines($"/proc/{hub.Id}/status").ToDictionary(l => l.Split(':')[0], l => l.Split(':', 2)[1].Trim());
        var files = Directory.GetFiles(Data).OrderBy(f => f, StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {Megabytes(new FileInfo(f).Length)}");
        var rows = new[] { ("mcic2.db", "received_messages"), ("mcic2.db", "deliveries"), ("mcic2.db", "incidents"),
                ("bus.db", "wolverine_incoming_envelopes"), ("bus.db", "wolverine_outgoing_envelopes"), ("bus.db", "wolverine_dead_letters") }
            .Select(t => $"{t.Item2} {Count(t.Item1, t.Item2)}");
        var value = $"RSS {Kilobytes(status["VmRSS"])} (peak {Kilobytes(status["VmHWM"])}); files: {string.Join(", ", files)}; rows: {string.Join(", ", rows)}";
        Console.WriteLine($"{when}: {value}");
        return (when, value);
    }

    private long Count(string file, string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, file)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        try
        {
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return -1; // the table does not exist (yet)
        }
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    private static string Kilobytes(string procValue) => Megabytes(long.Parse(procValue.Split(' ')[0], CultureInfo.InvariantCulture) * 1024);

    /// <summary>The hub's executable (beside this one: the project references hub-host) with these arguments.</summary>
    private Process Mcic2(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mcic2.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    private static async Task UntilHealthyAsync(HttpClient http, Process hub)
    {
        _ = hub.StandardOutput.ReadToEndAsync();
        var errors = hub.StandardError.ReadToEndAsync();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (hub.HasExited) throw new InvalidOperationException($"the hub exited with code {hub.ExitCode}: {await errors}");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the hub did not answer /health within a minute");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
