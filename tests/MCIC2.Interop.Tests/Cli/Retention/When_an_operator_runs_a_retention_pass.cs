using System.Globalization;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Cli.Retention;

/// <summary>
/// <c>mcic2 retention run [--dry-run]</c> in-process on a hub's data directory holding one delivered case, dated from
/// the clock the command uses (the system's, moved by <c>--Hub:ClockOffset</c> past the retention period).
/// </summary>
[TestClass]
public sealed class When_an_operator_runs_a_retention_pass
{
    private TempDirectory _directory = null!;

    [TestInitialize]
    public async Task A_hub_with_one_delivered_case()
    {
        _directory = new TempDirectory("mcic2-retention-cli-");
        var store = SqlHubStore.ForSqlite($"Data Source={Path.Combine(_directory.Path, "mcic2.db")}");
        await store.MigrateAsync();
        var time = new FakeTimeProvider(TestClock.Now());
        var processor = new MessageProcessor(store, new IncidentLedger(), RoutingRulesProvider.FromDefault(TestLinks.Catalog), TestLinks.Formats, time);
        await processor.ProcessAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_0001", time.GetUtcNow()), "cisu-json");
        foreach (var queue in await store.Outbox.QueuesWithPendingAsync())
        {
            while (await store.Outbox.NextPendingAsync(queue) is { } head) await store.Outbox.MarkDeliveredAsync(head.Sequence, time.GetUtcNow());
        }
    }

    [TestCleanup]
    public void Remove_the_hub()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [TestMethod]
    public async Task A_dry_run_says_what_the_pass_then_removes()
    {
        var dryRun = await Retention("--dry-run", "--Hub:ClockOffset", Later);
        var run = await Retention("--Hub:ClockOffset", Later);
        var again = await Retention("--Hub:ClockOffset", Later);

        Assert.AreEqual((0, "would remove 1 received message with their 3 deliveries, and 0 incidents"), (dryRun.ExitCode, dryRun.Stdout.Trim()), dryRun.Stderr);
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.StartsWith(run.Stdout, "removed 1 received message with their 3 deliveries, and 0 incidents");
        StringAssert.StartsWith(again.Stdout, "removed 0 received messages with their 0 deliveries, and 0 incidents");
    }

    [TestMethod]
    public async Task Nothing_is_removed_before_its_period_is_over()
    {
        var run = await Retention(TestClock.HubSettings);

        StringAssert.StartsWith(run.Stdout, "removed 0 received messages");
    }

    [TestMethod]
    public async Task A_policy_that_would_remove_everything_is_refused()
    {
        var run = await Retention("--Hub:Retention:Messages", "00:00:00");

        Assert.AreEqual(2, run.ExitCode);
        StringAssert.Contains(run.Stderr, "Hub:Retention needs Messages and Incidents above zero");
    }

    /// <summary>The hub's clock past the default 30 days of messages.</summary>
    private static string Later => (TestClock.Offset + TimeSpan.FromDays(31)).ToString("c", CultureInfo.InvariantCulture);

    private async Task<Run> Retention(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MainCommand.InvokeAsync(["retention", "run", .. args, "--Hub:DataDirectory", _directory.Path], new MemoryStream(), stdout, stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);
}
