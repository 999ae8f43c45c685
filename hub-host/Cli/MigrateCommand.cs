using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.HubHost.Migration;
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
        var from = new Option<string>("--from") { Description = "the Pégase database's connection string: SQL Server (sqlserver:…, Server=… or Data Source=…) or its PostgreSQL twin (Host=…)", Required = true };
        var centre = new Option<string?>("--centre") { Description = "only this centre's fiches (code_centre, e.g. CIC35)" };
        var since = new Option<string?>("--since") { Description = "only fiches updated since this local date (yyyy-MM-dd)" };
        var batch = new Option<int>("--batch") { Description = "fiches per chunk (default 1000)", DefaultValueFactory = _ => 1000 };
        var dryRun = new Option<bool>("--dry-run") { Description = "read and map, write nothing" };
        var verify = new Option<bool>("--verify") { Description = "migrate nothing: re-read both sides and report every difference (exit 1 on any)" };
        var report = new Option<string?>("--report") { Description = "write the reconciliation report to this JSON file" };
        var command = new Command("pegase", "Migrate Pégase fiches: resumable (checkpointed in the hub's store), idempotent; rejects are recorded with their reason")
        {
            from, centre, since, batch, dryRun, verify, report,
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
                var hubConnection = profile is EmbeddedProfile ? $"Data Source={RoutingServices.SqliteFileOf(hub)}" : hub["Postgres"]!;
                var options = new PegaseMigrationOptions(parse.GetValue(centre), SinceOf(parse.GetValue(since)), Math.Max(1, parse.GetValue(batch)), parse.GetValue(dryRun));
                if (!options.DryRun) await store.MigrateAsync(cancel);
                var clock = HubClock.From(settings);
                var ledger = new MigrationLedger(store.Dialect, hubConnection);
                var mapper = new FicheMapper(clock);
                await using var source = await PegaseDatabase.OpenAsync(parse.GetValue(from)!, cancel);
                if (!parse.GetValue(verify))
                {
                    var watch = Stopwatch.StartNew();
                    var job = new PegaseMigrationJob(store, ledger, mapper,
                        counts => stdout.WriteLine($"pegase {Line(counts)} — up to fiche {counts.LastIdFiche}, {counts.Read / Math.Max(watch.Elapsed.TotalSeconds, 0.001):F0} fiches/s"));
                    var total = await job.RunAsync(source, options, cancel);
                    stdout.WriteLine($"{(options.DryRun ? "dry run, nothing written: " : "")}{Line(total)} in {watch.Elapsed.TotalSeconds:F1} s");
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

    private static string Line(MigrationCounts c) =>
        $"{c.Read} read: {c.Created} created, {c.Updated} updated, {c.Unchanged} unchanged, {c.Rejected} rejected";

    private static DateTime? SinceOf(string? value) => value is null
        ? null
        : DateTime.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
