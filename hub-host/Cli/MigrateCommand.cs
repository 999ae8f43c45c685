using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.HubHost.Migration;
using MCIC2.Interop.HubHost.Migration.Nightly;
using Spectre.Console;
using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.HubHost.Routing;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 migrate pegase --from CONNECTION [--centre X] [--since DATE] [--batch N] [--dry-run] [--verify] [--report FILE]</c>:
/// Pégase fiches into the store of the hub the settings name (docs/pegase-legacy.md). Prints a progress line per chunk
/// and the totals, then reconciles source and target (the summary on stdout, the whole report as JSON in
/// <c>--report</c>); <c>--verify</c> only reconciles. Exit 0 done and reconciled, 1 a difference, 2 an error (bad
/// settings, source or store unreachable).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("migrate", "Migrate a legacy system's records into the hub's store (stored, not routed)") { Pegase(stdout, stderr) };

    private static Command Pegase(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string?>("--from") { Description = "the Pégase database's connection string: SQL Server (sqlserver:…, Server=… or Data Source=…) or its PostgreSQL twin (Host=…); needed but with --schedule" };
        var centre = new Option<string?>("--centre") { Description = "only this centre's fiches (code_centre, e.g. CIC35)" };
        var since = new Option<string?>("--since") { Description = "only fiches updated since this local date (yyyy-MM-dd)" };
        var batch = new Option<int>("--batch") { Description = "fiches per chunk (default 1000)", DefaultValueFactory = _ => 1000 };
        var dryRun = new Option<bool>("--dry-run") { Description = "read and map, write nothing" };
        var verify = new Option<bool>("--verify") { Description = "migrate nothing: re-read both sides and report every difference (exit 1 on any)" };
        var report = new Option<string?>("--report") { Description = "write the reconciliation report to this JSON file" };
        var progressEvery = new Option<int>("--progress-every") { Description = "when stdout is not a terminal, a progress line at most every N seconds (default 5; 0: every chunk)", DefaultValueFactory = _ => 5 };
        var schedule = new Option<bool>("--schedule") { Description = "migrate nothing: print the nightly increment's schedule (Hub:Migration:Pegase:Nightly) and its last runs" };
        var command = new Command("pegase", "Migrate Pégase fiches: resumable (checkpointed in the hub's store), idempotent; rejects are recorded with their reason")
        {
            from, centre, since, batch, dryRun, verify, report, progressEvery, schedule,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.Description += ". " + HubSettings.Help;
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                var settings = HubSettings.From(parse.UnmatchedTokens);
                var hub = settings.GetSection("Hub");
                var profile = HubProfile.From(settings);
                var store = HubSettings.OpenStore(settings);
                var hubConnection = RoutingServices.HubConnectionOf(hub, profile);
                if (parse.GetValue(schedule)) return await WriteScheduleAsync(new MigrationLedger(store.Dialect, hubConnection), stdout, cancel);
                if (parse.GetValue(from) is not { Length: > 0 } fromValue) throw new OperatorException("--from is needed (the Pégase database's connection string)");
                var options = new PegaseMigrationOptions(parse.GetValue(centre), SinceOf(parse.GetValue(since)), Math.Max(1, parse.GetValue(batch)), parse.GetValue(dryRun));
                if (!options.DryRun) await store.MigrateAsync(cancel);
                var clock = HubClock.From(settings);
                var ledger = new MigrationLedger(store.Dialect, hubConnection);
                var mapper = new FicheMapper(clock);
                await using var source = await PegaseDatabase.OpenAsync(fromValue, cancel);
                if (!parse.GetValue(verify))
                {
                    var started = clock.GetTimestamp();
                    var after = options.DryRun ? 0 : await ResumesAfterAsync(ledger, options, cancel);
                    var toRead = await PegaseSource.CountAsync(source, after, options.Centre, options.Since, cancel);
                    var total = await ProgressOf(stdout, clock, parse.GetValue(progressEvery)).RunAsync(toRead,
                        progress => new PegaseMigrationJob(store, ledger, mapper, progress).RunAsync(source, options, cancel));
                    stdout.WriteLine($"{(options.DryRun ? "dry run, nothing written: " : "")}{Line(total)} in {clock.GetElapsedTime(started).TotalSeconds:F1} s");
                    if (options.DryRun) return 0;
                }
                var reconciled = await new PegaseReconciliation(store, ledger, mapper, clock).RunAsync(source, options, cancel);
                ReconciliationText.WriteSummary(reconciled, stdout);
                if (parse.GetValue(report) is { } file) await File.WriteAllTextAsync(file, ReconciliationText.Json(reconciled), cancel);
                return reconciled.Reconciles ? 0 : 1;
            }
            catch (Exception e) when (e is OperatorException or PegaseSourceException or InvalidOperationException or FormatException or ArgumentException)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
            catch (DbException e)
            {
                stderr.WriteLine($"cannot migrate: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary><c>--schedule</c>: the nightly trigger as Quartz stored it in the hub's database, and the last runs.</summary>
    private static async Task<int> WriteScheduleAsync(MigrationLedger ledger, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (await NightlySchedule.ReadAsync(ledger, cancellationToken) is not { } schedule)
        {
            stdout.WriteLine($"no nightly increment scheduled in this hub's database ({NightlyMigrationSettings.Section}:Enabled)");
            return 0;
        }
        var paris = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        string At(DateTimeOffset? instant) => instant is { } i ? TimeZoneInfo.ConvertTime(i, paris).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : "never";
        stdout.WriteLine($"nightly increment: cron '{schedule.Cron}' ({schedule.TimeZone}), {schedule.State.ToLowerInvariant()}; next run {At(schedule.Next)}, last fired {At(schedule.Previous)}");
        var log = new NightlyRuns(ledger);
        await log.MigrateAsync(cancellationToken); // scheduled, but no run yet: the table comes with the first
        var runs = await log.LatestAsync(10, cancellationToken);
        if (runs.Count == 0) stdout.WriteLine("no run yet");
        foreach (var run in runs)
            stdout.WriteLine($"{At(run.StartedAt)} {run.Outcome.ToString().ToLowerInvariant()} ({run.Selection}, since {run.SinceLocal?.ToString("s", CultureInfo.InvariantCulture) ?? "the first fiche"}): {Line(run.Counts)}{(run.Error is null ? "" : " — " + run.Error)}");
        return 0;
    }

    /// <summary>A bar on a terminal; plain lines otherwise (Spectre prints nothing where stdout is redirected).</summary>
    private static IMigrationProgress ProgressOf(TextWriter stdout, TimeProvider clock, int everySeconds) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new TerminalProgress(AnsiConsole.Console, clock)
            : new PlainProgress(stdout, clock, TimeSpan.FromSeconds(Math.Max(0, everySeconds)));

    /// <summary>Where the job will resume (its checkpoint), so the count is of what it will read.</summary>
    private static async Task<int> ResumesAfterAsync(MigrationLedger ledger, PegaseMigrationOptions options, CancellationToken cancellationToken)
    {
        await ledger.MigrateAsync(cancellationToken);
        return await ledger.CheckpointAsync(options.RunKey, cancellationToken) ?? 0;
    }

    private static string Line(MigrationCounts c) =>
        $"{c.Read} read: {c.Created} created, {c.Updated} updated, {c.Unchanged} unchanged, {c.Rejected} rejected";

    private static DateTime? SinceOf(string? value) => value is null
        ? null
        : DateTime.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
