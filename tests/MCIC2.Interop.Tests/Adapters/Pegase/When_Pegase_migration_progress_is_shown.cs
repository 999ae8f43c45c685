using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.HubHost.Migration;
using MCIC2.Interop.Simulators.PegaseGenerator;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>The progress of <c>mcic2 migrate pegase</c> where stdout is not a terminal: plain lines at an interval of the
/// injected clock (fake here), with the counts, the rate and the ETA from the count of fiches to read.</summary>
[TestClass]
public sealed class When_Pegase_migration_progress_is_shown
{
    [TestMethod]
    public async Task A_plain_line_comes_at_each_interval_with_the_counts_the_rate_and_the_ETA()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        var progress = new PlainProgress(output, time, TimeSpan.FromSeconds(5));

        // Ten chunks of 100 fiches, one every 2 s: lines after 6, 12 and 18 s (the first chunks at least 5 s after the last line).
        var total = await progress.RunAsync(1000, report =>
        {
            var counts = new MigrationCounts(0, 0, 0, 0, 0, 0);
            for (var chunk = 1; chunk <= 10; chunk++)
            {
                time.Advance(TimeSpan.FromSeconds(2));
                counts = new MigrationCounts(chunk * 100, chunk * 90, 0, 0, chunk * 10, chunk * 100 + 7);
                report(counts);
            }
            return Task.FromResult(counts);
        });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEqual(new[]
        {
            "pegase 300/1000 read: 270 created, 0 updated, 0 unchanged, 30 rejected — up to fiche 307, 50 fiches/s, ETA 00:00:14",
            "pegase 600/1000 read: 540 created, 0 updated, 0 unchanged, 60 rejected — up to fiche 607, 50 fiches/s, ETA 00:00:08",
            "pegase 900/1000 read: 810 created, 0 updated, 0 unchanged, 90 rejected — up to fiche 907, 50 fiches/s, ETA 00:00:02",
        }, lines, output.ToString());
        Assert.AreEqual(1000, total.Read);
    }

    [TestMethod]
    public void Before_the_first_fiche_there_is_no_estimate()
    {
        Assert.AreEqual("0 fiches/s, ETA unknown", new ProgressRate(0, 1000, TimeSpan.FromSeconds(3)).ToString());
        Assert.AreEqual("250 fiches/s, ETA 00:01:00", new ProgressRate(5_000, 20_000, TimeSpan.FromSeconds(20)).ToString());
    }

    [TestMethod]
    public async Task The_count_is_what_the_chunks_read_for_the_same_selection()
    {
        var source = await ScratchDatabase.CreateAsync("pegase_count_");
        try
        {
            await PegaseDatabaseFiller.FillAsync(source.ConnectionString, 500, seed: 3);
            await using var connection = new NpgsqlConnection(source.ConnectionString);
            await connection.OpenAsync();
            foreach (var (after, centre, since) in new (int, string?, DateTime?)[] { (0, null, null), (120, null, null), (0, "CIC35", null), (0, null, new DateTime(2016, 1, 1)) })
            {
                long read = 0;
                var last = after;
                while (await PegaseSource.ReadChunkAsync(connection, last, 64, centre, since, CancellationToken.None) is { Count: > 0 } chunk)
                {
                    read += chunk.Count;
                    last = chunk[^1].IdFiche;
                }
                Assert.AreEqual(read, await PegaseSource.CountAsync(connection, after, centre, since, CancellationToken.None), $"after {after}, centre {centre}, since {since}");
                Assert.IsGreaterThan(0L, read);
            }
        }
        finally
        {
            await source.DropAsync();
        }
    }
}
