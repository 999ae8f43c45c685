using Dapper;

namespace MCIC2.Interop.HubHost.Migration.Nightly;

/// <summary>How a nightly run ended.</summary>
public enum NightlyOutcome
{
    Succeeded,

    /// <summary>Stopped by the hub's shutdown: the checkpoint is kept, the job is recovered at the next start.</summary>
    Interrupted,

    /// <summary>The source or the store failed: the next run takes the same fiches again (same watermark, same checkpoint).</summary>
    Failed,
}

/// <summary>One nightly run: when, from which watermark (Pégase local time, <c>date_maj</c>), and what it did.</summary>
public sealed record NightlyRun(string Selection, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, DateTime? SinceLocal,
    NightlyOutcome Outcome, MigrationCounts Counts, string? Error);

/// <summary>
/// Table <c>pegase_nightly_runs</c>, beside the migration ledger in the hub's database: every nightly run's outcome and
/// counts (what <c>mcic2 migrate pegase --schedule</c> shows), and the watermark of the next increment — the start of
/// the last run that succeeded. Times are stored as ISO-8601 text, which sorts the same on SQLite and PostgreSQL.
/// </summary>
public sealed class NightlyRuns(MigrationLedger ledger)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS pegase_nightly_runs (
            selection   TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            since_local TEXT NULL,
            outcome     TEXT NOT NULL,
            read_count  BIGINT NOT NULL,
            created     BIGINT NOT NULL,
            updated     BIGINT NOT NULL,
            unchanged   BIGINT NOT NULL,
            rejected    BIGINT NOT NULL,
            error       TEXT NULL,
            PRIMARY KEY (selection, started_at)
        )
        """;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Schema, cancellationToken: cancellationToken));
    }

    /// <summary>When the last run of this selection that succeeded started; null before the first.</summary>
    public async Task<DateTimeOffset?> LastSucceededAsync(string selection, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        var started = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT MAX(started_at) FROM pegase_nightly_runs WHERE selection = @selection AND outcome = @outcome",
            new { selection, outcome = nameof(NightlyOutcome.Succeeded) }, cancellationToken: cancellationToken));
        return started is null ? null : DateTimeOffset.Parse(started, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task RecordAsync(NightlyRun run, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pegase_nightly_runs (selection, started_at, finished_at, since_local, outcome, read_count, created, updated, unchanged, rejected, error)
            VALUES (@Selection, @StartedAt, @FinishedAt, @SinceLocal, @Outcome, @Read, @Created, @Updated, @Unchanged, @Rejected, @Error)
            """, new
        {
            run.Selection, StartedAt = Text(run.StartedAt), FinishedAt = Text(run.FinishedAt), SinceLocal = run.SinceLocal?.ToString("s", System.Globalization.CultureInfo.InvariantCulture),
            Outcome = run.Outcome.ToString(), run.Counts.Read, run.Counts.Created, run.Counts.Updated, run.Counts.Unchanged, run.Counts.Rejected, run.Error,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>The last <paramref name="limit"/> runs, newest first.</summary>
    public async Task<IReadOnlyList<NightlyRun>> LatestAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Selection, string Started, string Finished, string? Since, string Outcome, long Read, long Created, long Updated, long Unchanged, long Rejected, string? Error)>(
            new CommandDefinition("""
                SELECT selection, started_at, finished_at, since_local, outcome, read_count, created, updated, unchanged, rejected, error
                FROM pegase_nightly_runs ORDER BY started_at DESC LIMIT @limit
                """, new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new NightlyRun(r.Selection, Instant(r.Started), Instant(r.Finished),
            r.Since is null ? null : DateTime.Parse(r.Since, System.Globalization.CultureInfo.InvariantCulture),
            Enum.Parse<NightlyOutcome>(r.Outcome), new MigrationCounts(r.Read, r.Created, r.Updated, r.Unchanged, r.Rejected, 0), r.Error)).ToList();
    }

    // UTC, fixed width to the tick: text order is time order.
    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
