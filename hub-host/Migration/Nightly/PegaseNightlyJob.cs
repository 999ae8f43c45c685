using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Routing.Storage;
using Quartz;

namespace MCIC2.Interop.HubHost.Migration.Nightly;

/// <summary>
/// The nightly increment, fired by Quartz: <see cref="PegaseMigrationJob"/> on the fiches whose <c>date_maj</c> is at
/// or after the start of the last run that succeeded (less <see cref="Overlap"/>), all of them the first time. Never
/// two at once (<see cref="DisallowConcurrentExecutionAttribute"/>). A run that fails or is stopped keeps that
/// watermark, so the next one has the same selection and resumes its checkpoint. Each run is kept in
/// <see cref="NightlyRuns"/> and logged with its counts.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PegaseNightlyJob(NightlyMigrationSettings settings, SqlHubStore store, MigrationLedger ledger, NightlyRuns runs,
    TimeProvider time, ILogger<PegaseNightlyJob> log) : IJob
{
    public static readonly JobKey Key = new("pegase-nightly", "mcic2");
    public static readonly TriggerKey Trigger = new("pegase-nightly", "mcic2");

    /// <summary>Taken off the watermark: a fiche written by a transaction still open when the last run started, or by
    /// a Pégase server whose clock is a little behind the hub's, is read again (unchanged ones cost a hash).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => new(RunAsync(cancellationToken));

    /// <summary>One increment (what a firing does; the tests call it directly).</summary>
    public async Task<NightlyRun> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var selection = settings.Centre ?? "*";
        var counts = new MigrationCounts(0, 0, 0, 0, 0, 0);
        DateTime? since = null;
        NightlyRun Ended(NightlyOutcome outcome, string? error = null) => new(selection, started, time.GetUtcNow(), since, outcome, counts, error);
        NightlyRun run;
        try
        {
            await store.MigrateAsync(cancellationToken);
            await runs.MigrateAsync(cancellationToken);
            since = await runs.LastSucceededAsync(selection, cancellationToken) is { } last
                ? TimeZoneInfo.ConvertTime(last - Overlap, NightlyMigrationSettings.Paris).DateTime
                : null;
            await using var source = await PegaseDatabase.OpenAsync(settings.From!, cancellationToken);
            var job = new PegaseMigrationJob(store, ledger, new FicheMapper(time), progress => counts = progress);
            counts = await job.RunAsync(source, new PegaseMigrationOptions(settings.Centre, since, settings.Batch, DryRun: false), cancellationToken);
            run = Ended(NightlyOutcome.Succeeded);
            log.LogInformation("Pégase nightly increment of {Selection} since {Since}: {Read} read, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
                selection, since?.ToString("s") ?? "the first fiche", counts.Read, counts.Created, counts.Updated, counts.Unchanged, counts.Rejected);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = Ended(NightlyOutcome.Interrupted);
            log.LogWarning("Pégase nightly increment of {Selection} stopped by the hub's shutdown after {Read} fiches; it resumes at the next start", selection, counts.Read);
        }
        catch (Exception e)
        {
            // Not rethrown: Quartz would only log it again; the next night takes the same fiches (same watermark).
            run = Ended(NightlyOutcome.Failed, e.Message);
            log.LogError(e, "Pégase nightly increment of {Selection} failed after {Read} fiches", selection, counts.Read);
        }
        await RecordAsync(run);
        cancellationToken.ThrowIfCancellationRequested(); // a stopped run is handed back to Quartz for recovery
        return run;
    }

    private async Task RecordAsync(NightlyRun run)
    {
        // The hub may be stopping: a few seconds to write the outcome, never a hang.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await runs.RecordAsync(run, bounded.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "The outcome of the Pégase nightly increment could not be recorded: {Run}", run);
        }
    }
}
