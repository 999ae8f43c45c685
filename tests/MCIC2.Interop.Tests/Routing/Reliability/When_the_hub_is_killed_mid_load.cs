using System.Diagnostics;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using Npgsql;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>
/// The promise under SIGKILL: 5,000 partner messages (100 incidents × 50) posted concurrently to the real <c>mcic2</c>
/// process, killed after 2,000 were accepted and restarted on the same store. Every accepted message reaches each of
/// its recipients, each incident in order, the sender gets one RC-REF per message; redeliveries (same id again, only
/// what was in flight at the kill) are counted and must stay rare.
/// </summary>
[TestClass]
[TestCategory(TestCategories.LoadUnderFault)]
public sealed class When_the_hub_is_killed_mid_load
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(420_000, CooperativeCancellation = true)]
    public async Task Nothing_accepted_is_lost_duplicated_or_reordered_on_the_embedded_profile()
    {
        using var directory = new TempDirectory("mcic2-kill-");
        var data = Path.Combine(directory.Path, "data");
        var busFile = Path.Combine(data, "bus.db");
        await RunAsync(directory, recorder => new Dictionary<string, string>
        {
            ["Hub__Profile"] = "embedded",
            ["Hub__DataDirectory"] = data,
        }, () => BusInbox.EmbeddedAsync(busFile));
    }

    [TestMethod]
    [Timeout(420_000, CooperativeCancellation = true)]
    public async Task Nothing_accepted_is_lost_duplicated_or_reordered_on_the_postgres_profile()
    {
        using var directory = new TempDirectory("mcic2-kill-");
        var database = await ScratchDatabase.CreateAsync("mcic2_kill_"); // no PostgreSQL: the test fails, never skips
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        var passed = false;
        try
        {
            await RunAsync(directory, recorder => new Dictionary<string, string>
            {
                ["Hub__Profile"] = "postgres",
                ["Hub__Postgres"] = database.ConnectionString,
                ["Hub__SingleNode"] = "true",
            }, () => BusInbox.PostgresAsync(connectionString));
            passed = true;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (!passed) TestContext.WriteLine($"database {database.Name} kept for inspection (drop it by hand)");
        }
        if (passed) await database.DropAsync();
    }

    private async Task RunAsync(TempDirectory directory, Func<Uri, Dictionary<string, string>> profile, Func<Task<int>> inFlightInBus)
    {
        var total = Stopwatch.StartNew();
        await using var recorder = await RecordingPartner.StartAsync();
        var environment = profile(recorder.BaseAddress);
        environment["Hub__Rules"] = HubUnderTest.WriteRules(directory.Path, recorder.BaseAddress);
        // A killed hub gives back nothing; a drained stop is not what is tested here.
        environment["Hub__DrainTimeout"] = "00:00:01";
        environment[TestClock.HubEnvironment.Key] = TestClock.HubEnvironment.Value;
        // Five request lines per message would drown what the log is for: recovery, retries, errors.
        environment["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning";
        using var hub = new HubProcess(Path.Combine(directory.Path, "hub.log"), environment);
        var passed = false;
        try
        {
            await hub.StartAsync(TimeSpan.FromSeconds(60));
            var load = new KillLoad(hub, recorder, inFlightInBus, line => TestContext.WriteLine(line));
            var messages = load.Build(Guid.NewGuid().ToString("N")[..8]);

            var figures = await load.RunAsync(messages);

            var busAfter = await inFlightInBus();
            TestContext.WriteLine($"figures: {figures}; total test time {total.Elapsed.TotalSeconds:0.0} s; throughput {figures.Messages / figures.UntilAllDelivered.TotalSeconds:0} messages/s, "
                + $"{figures.ReceivedDeliveries / figures.UntilAllDelivered.TotalSeconds:0} deliveries/s end to end");
            Assert.IsGreaterThan(0, figures.InFlightAtKill,
                $"the kill must leave accepted messages in the bus, or the restart's recovery is not tested (accepted before the kill: {figures.AcceptedBeforeKill})");
            var recovery = hub.LogLines("Intake ");
            foreach (var line in recovery) TestContext.WriteLine($"hub: {line}");
            Assert.IsTrue(recovery.Any(l => l.Contains("Intake open", StringComparison.Ordinal) && l.Contains($"the {figures.InFlightAtKill} messages left", StringComparison.Ordinal)),
                $"the restarted hub must say it took back the {figures.InFlightAtKill} messages the killed one left in its bus before opening its intake{hub.Tail()}");
            Assert.AreEqual(0, busAfter, $"the restarted hub must take back and handle every message left in its bus by the killed one{hub.Tail()}");
            Assert.IsLessThanOrEqualTo(figures.ExpectedDeliveries / 100, figures.Redeliveries,
                $"redeliveries must be rare (only what was in flight at the kill): {figures.Redeliveries} of {figures.ReceivedDeliveries}");
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                hub.Dispose(); // killed first: its last lines are in the log
                TestContext.WriteLine($"hub output (kept): {hub.LogFile}{hub.Tail(200)}");
            }
            directory.Keep = !passed;
        }
    }
}
