using System.Collections.Concurrent;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>
/// Issue 9's "done when": every shipped scenario with its SAMU, SDIS and CORG actors as clients of their forces' peer
/// HubEx (the test RabbitMQ over TLS, certificates minted at test time, EXTERNAL), the hub a client of each; green,
/// and the actors' ledger without duplicates, in each incident's order. Then again with each peer link the scenario
/// uses cut in its middle: green, the same exchanges as without the outage (nothing lost), no duplicate, order kept.
/// </summary>
[TestClass]
public sealed class When_a_scenario_is_played_over_the_peer_hubex
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ScenarioRun>>> s_withoutOutage = new();

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Scenarios => When_a_scenario_is_played_against_the_hub.Played.Select(name => new object[] { name });

    /// <summary>Each scenario with each peer link its actors use, but those it cuts itself (a scenario file's outage).</summary>
    public static IEnumerable<object[]> Outages =>
        from name in When_a_scenario_is_played_against_the_hub.Played
        let scenario = ScenarioFile.Load(ScenarioRun.Shipped(name))
        from link in PeerForces.UsedBy(scenario)
        where !scenario.Cuts.Any(c => ActorForces.Of(c.PartnerId) == link)
        select new object[] { name, link };

    [TestMethod]
    [DynamicData(nameof(Scenarios))]
    [TestCategory(TestCategories.OverPeerHubEx)]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Its_report_is_green_and_the_actors_received_everything_once_in_order(string name)
    {
        var run = await WithoutOutageAsync(name);

        Assert.IsTrue(run.Report.Passed, run.Log);
        Assert.AreEqual(ScenarioFile.Load(ScenarioRun.Shipped(name)).Expectations.Count, run.Report.Exchanges.Count);
        var ledger = new ActorLedger(run.Received);
        Assert.AreEqual(0, ledger.Duplicates.Count, $"duplicates: {string.Join("; ", ledger.Duplicates)}\n{run.Log}");
        Assert.AreEqual(0, ledger.OutOfOrder.Count, $"out of order: {string.Join("; ", ledger.OutOfOrder)}\n{run.Log}");
    }

    [TestMethod]
    [DynamicData(nameof(Outages))]
    [TestCategory(TestCategories.LoadUnderFault)]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task An_outage_of_a_peer_link_in_the_middle_loses_nothing_duplicates_nothing_and_keeps_the_order(string name, string link)
    {
        var run = await ScenarioRun.PlayOverPeersAsync(name, outage: link, TestContext.CancellationToken);

        StringAssert.Contains(run.Log, $"player → {link}  OUTAGE link cut", "the outage happened");
        Assert.IsGreaterThan(0, run.WaitedOutOutage, $"something waited out the outage of {link}\n{run.Log}");
        Assert.IsTrue(run.Report.Passed, run.Log);
        var ledger = new ActorLedger(run.Received);
        Assert.AreEqual(0, ledger.Duplicates.Count, $"duplicates: {string.Join("; ", ledger.Duplicates)}\n{run.Log}");
        Assert.AreEqual(0, ledger.OutOfOrder.Count, $"out of order: {string.Join("; ", ledger.OutOfOrder)}\n{run.Log}");
        var without = new ActorLedger((await WithoutOutageAsync(name)).Received);
        CollectionAssert.AreEqual(without.Exchanges.ToArray(), ledger.Exchanges.ToArray(), $"nothing lost: the same exchanges as without the outage\n{run.Log}");
    }

    private Task<ScenarioRun> WithoutOutageAsync(string name) =>
        s_withoutOutage.GetOrAdd(name, n => new Lazy<Task<ScenarioRun>>(() => ScenarioRun.PlayOverPeersAsync(n, cancellationToken: CancellationToken.None))).Value;
}
