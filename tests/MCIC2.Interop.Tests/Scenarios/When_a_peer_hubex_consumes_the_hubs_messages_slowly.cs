using System.Diagnostics;
using System.Net.Http.Json;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>
/// A slow consumer on the hub's link to Hub Santé (the peer HubEx simulator's <c>SlowConsumer</c> fault, on its fake
/// clock): its dispatcher takes each message the hub publishes only a minute after, its queue bounded (two ready, one
/// taken at a time), so the broker nacks the hub's publishes once it is full. The hub keeps what was not confirmed in
/// its outbox, shows it as the link's backlog (still connected), and once the HubEx catches up the SAMU has received
/// every message once, in the incident's order.
/// </summary>
[TestClass]
public sealed class When_a_peer_hubex_consumes_the_hubs_messages_slowly
{
    private const string Cic35 = "fr.police.cic35";
    private const string Samu35 = "fr.health.samu35";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory(TestCategories.OverPeerHubEx)]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task The_hub_keeps_what_was_not_confirmed_shows_the_backlog_and_the_SAMU_gets_everything_once_in_order()
    {
        var ct = TestContext.CancellationToken;
        var clock = new FakeTimeProvider(TestClock.Now());
        await using var forces = await PeerForces.StartAsync(clock, ct,
            (name, settings) => name == "health" ? settings with { DispatcherQueueLength = 2, DispatcherPrefetch = 1 } : settings);
        await using var hub = await HubUnderTest.StartWithRulesAsync(PeerForces.OverPeers,
            // Short retries (real time): the nacked publishes are tried again while the HubEx catches up.
            services => services.AddSingleton(new DeliveryOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500) }),
            forces.HubSettings());
        forces.Hub = hub;
        foreach (var link in PeerForces.Names) await forces.UntilSeenAsync(link, connected: true, ct);
        await using var samu = await PeerHubExActorTransport.StartAsync(forces.Logins([Samu35]), ct);
        var cic = new HttpActorTransport(hub.Http, hub.Partners);
        var slow = TimeSpan.FromMinutes(1);
        forces.Simulator("health").Faults(forces.HubClientId).SlowConsumer = slow;

        // A house fire with a victim (the SAMU is told), then six vehicles engaged one by one: seven messages for the SAMU.
        var writer = new ActorMessages(Cic35, CisuEncoding.Json, clock, "slow");
        var spec = new CaseSpec("slow-fire", "C04.02.01", "Incendie", "35238", "Rennes", "1", "Une personne inanimée au salon");
        var caseId = spec.CaseId(Cic35, "slow");
        List<OutgoingMessage> sent = [writer.Case(spec, caseId), .. Enumerable.Range(1, 6).Select(i => writer.Resources(caseId, [($"BAC-{i}", "DEPART")]))];
        foreach (var message in sent) Assert.IsNull(await cic.SendAsync(message, ct), $"the hub took {message.DistributionId}");

        // One taken (unacknowledged, its minute not passed), two ready: the rest nacked, kept in the outbox.
        LinkReport health = null!;
        var backedUp = await Poll.UntilAsync(async () => (health = await LinkAsync(hub, ct)).Backlog >= 4, TimeSpan.FromSeconds(30));
        Assert.IsTrue(backedUp, $"the link's backlog shows what the broker refused: {health}");
        Assert.IsTrue(health.Connected, $"a slow peer is no lost link: {health}");
        Assert.AreEqual(0, samu.Received.Count, "nothing reached the SAMU while the HubEx's clock stood still");

        // The HubEx's clock moves a minute at a time: it catches up, the hub's retries get through.
        var caughtUp = Stopwatch.StartNew();
        var all = await Poll.UntilAsync(() => Task.FromResult(SamuGot(samu).Count >= sent.Count), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100),
            between: () => clock.Advance(slow));
        TestContext.WriteLine($"caught up in {caughtUp.Elapsed.TotalSeconds:0.0} s real time");
        Assert.IsTrue(all, $"the SAMU got {SamuGot(samu).Count} of {sent.Count}; the link: {await LinkAsync(hub, ct)}");

        CollectionAssert.AreEqual(sent.Select(m => m.DistributionId).ToArray(), SamuGot(samu).ToArray(), "each once, in the incident's order");
        var ledger = new ActorLedger(samu.Received);
        Assert.AreEqual(0, ledger.Duplicates.Count, string.Join("; ", ledger.Duplicates));
        Assert.IsTrue(await Poll.UntilAsync(async () => (await LinkAsync(hub, ct)).Backlog == 0, TimeSpan.FromSeconds(30), between: () => clock.Advance(slow)),
            "the backlog is gone once everything is confirmed");
    }

    /// <summary>The distribution ids of the CIC's messages the SAMU received, in arrival order.</summary>
    private static List<string> SamuGot(PeerHubExActorTransport samu) =>
        [.. new ActorLedger(samu.Received).Messages.Where(m => m.SenderId == Cic35 && !m.IsAcknowledgementOrError).Select(m => m.DistributionId)];

    private static async Task<LinkReport> LinkAsync(HubUnderTest hub, CancellationToken ct) =>
        (await hub.Http.GetFromJsonAsync<LinkReport[]>("/health/links", ct) ?? []).Single(r => r.Link == "health");
}
