using System.Globalization;
using Spectre.Console;

namespace MCIC2.Interop.HubHost.Migration;

/// <summary>How <c>mcic2 migrate pegase</c> shows a run's progress: it wraps the run and hands it the callback each
/// chunk reports to (<see cref="PegaseMigrationJob"/>'s progress).</summary>
public interface IMigrationProgress
{
    /// <param name="total">The fiches the run will read (<c>PegaseSource.CountAsync</c>), for the ETA.</param>
    Task<MigrationCounts> RunAsync(long total, Func<Action<MigrationCounts>, Task<MigrationCounts>> run);
}

/// <summary>A run's rate and ETA so far, from the time the progress reads (the injected TimeProvider).</summary>
public readonly record struct ProgressRate(long Read, long Total, TimeSpan Elapsed)
{
    public double PerSecond => Read / Math.Max(Elapsed.TotalSeconds, 0.001);

    /// <summary>Null until a fiche is read: no rate, no estimate.</summary>
    public TimeSpan? Remaining => Read == 0 ? null : TimeSpan.FromSeconds(Math.Max(Total - Read, 0) / PerSecond);

    public override string ToString() =>
        $"{PerSecond.ToString("F0", CultureInfo.InvariantCulture)} fiches/s, ETA {Remaining?.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) ?? "unknown"}";
}

/// <summary>
/// Where stdout is not a terminal (a log, a pipe, a job scheduler), where Spectre's bar prints nothing: a plain line at a
/// chunk's end when <paramref name="every"/> has passed since the last one (0: at every chunk).
/// </summary>
public sealed class PlainProgress(TextWriter output, TimeProvider time, TimeSpan every) : IMigrationProgress
{
    public Task<MigrationCounts> RunAsync(long total, Func<Action<MigrationCounts>, Task<MigrationCounts>> run)
    {
        var start = time.GetTimestamp();
        var printed = TimeSpan.Zero;
        return run(counts =>
        {
            var elapsed = time.GetElapsedTime(start);
            if (elapsed - printed < every) return;
            printed = elapsed;
            output.WriteLine($"pegase {counts.Read}/{total} read: {counts.Created} created, {counts.Updated} updated, {counts.Unchanged} unchanged, {counts.Rejected} rejected — up to fiche {counts.LastIdFiche}, {new ProgressRate(counts.Read, total, elapsed)}");
        });
    }
}

/// <summary>On a terminal: a Spectre.Console progress bar, its rate and ETA computed as the plain lines' are.</summary>
public sealed class TerminalProgress(IAnsiConsole console, TimeProvider time) : IMigrationProgress
{
    public Task<MigrationCounts> RunAsync(long total, Func<Action<MigrationCounts>, Task<MigrationCounts>> run) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"pegase 0/{total}", maxValue: Math.Max(total, 1));
                var start = time.GetTimestamp();
                var counts = await run(counts =>
                {
                    task.Value = counts.Read;
                    task.Description = Markup.Escape($"pegase {counts.Read}/{total}, {counts.Rejected} rejected, {new ProgressRate(counts.Read, total, time.GetElapsedTime(start))}");
                });
                task.Value = task.MaxValue;
                return counts;
            });
}
