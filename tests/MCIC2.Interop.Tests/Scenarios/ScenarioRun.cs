using System.Text;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Conformance;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>A shipped scenario played against the real hub in-process (embedded store), its actors behind the hub's
/// recording partner, or the SAMU, SDIS and CORG actors as clients of their forces' peer HubEx (<see cref="PlayOverPeersAsync"/>);
/// the report, the readable timeline and everything the partners received.</summary>
internal sealed record ScenarioRun(ConformanceReport Report, string Log, IReadOnlyList<ReceivedDelivery> Received, IReadOnlyDictionary<string, Incident> Incidents)
{
    /// <summary>Over the peer HubEx with an outage: how many messages waited it out (the hub's backlog for the link and
    /// its queues on the peer when the link came back).</summary>
    public int WaitedOutOutage { get; init; }

    public static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "Scenarios", $"{name}.scenario");

    public static IEnumerable<string> ShippedNames =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.scenario").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static Task<ScenarioRun> PlayAsync(string name, params string[] silenced) => PlayAsync(name, edit: null, silenced);

    /// <param name="edit">Changes the scenario's text before it is played (another answer, another delay).</param>
    public static async Task<ScenarioRun> PlayAsync(string name, Func<string, string>? edit, params string[] silenced)
    {
        await using var hub = await HubUnderTest.StartAsync();
        var log = new StringBuilder();
        var store = hub.App.Services.GetRequiredService<IHubStore>();
        var text = File.ReadAllText(Shipped(name));
        var player = new ScenarioPlayer(ScenarioFile.Parse(edit is null ? text : edit(text), name), hub.Http, hub.Partners, new FakeTimeProvider(TestClock.Now()),
            new PlayerOptions
            {
                Silenced = silenced.ToHashSet(),
                Log = line => log.AppendLine(line),
                QuietPeriod = TimeSpan.FromMilliseconds(100),
                HubIdle = ct => IdleAsync(hub, ct),
                Links = new PartnerEndpointOutages(hub.Partners),
            });
        var report = await player.PlayAsync();
        // The hub's view of each case at the end: its handovers say whether the actors' answers were understood.
        var incidents = new Dictionary<string, Incident>();
        foreach (var (caseName, caseId) in player.CaseIds)
        {
            if (await store.InTransactionAsync(tx => tx.FindIncidentAsync(caseId)) is { } stored) incidents[caseName] = stored.Incident;
        }
        return new ScenarioRun(report, log.ToString(), hub.Partners.Received, incidents);
    }

    /// <summary>The hub has nothing left to do: no accepted message waiting in its bus to be routed (routing follows
    /// the 202 or the ack: an RC-REF passed on to a CIC comes after it), nothing pending in its outbox.</summary>
    private static async Task<bool> IdleAsync(HubUnderTest hub, CancellationToken cancellationToken)
    {
        var counts = await hub.App.Services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage.Admin.FetchCountsAsync();
        return counts.Incoming + counts.Outgoing == 0
            && (await hub.App.Services.GetRequiredService<IHubStore>().Outbox.QueuesWithPendingAsync(cancellationToken)).Count == 0;
    }

    /// <summary>The scenario with its SAMU, SDIS and CORG actors over their forces' peer HubEx (RabbitMQ, TLS, EXTERNAL),
    /// the hub a client of each (<see cref="PeerForces"/>), the CICs on HTTP; with <paramref name="outage"/>, that
    /// peer link cut in the middle of the scenario (at the first event half way to its last deadline) and given back.</summary>
    public static async Task<ScenarioRun> PlayOverPeersAsync(string name, string? outage = null, CancellationToken cancellationToken = default)
    {
        var scenario = ScenarioFile.Load(Shipped(name));
        var clock = new FakeTimeProvider(TestClock.Now());
        await using var forces = await PeerForces.StartAsync(clock, cancellationToken);
        await using var hub = await HubUnderTest.StartWithRulesAsync(PeerForces.OverPeers,
            // Short retries (real time): what waited out an outage goes as soon as the link is back.
            services => services.AddSingleton(new DeliveryOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1) }),
            forces.HubSettings());
        forces.Hub = hub;
        foreach (var link in PeerForces.Names) await forces.UntilSeenAsync(link, connected: true, cancellationToken);
        await using var peers = await PeerHubExActorTransport.StartAsync(forces.Logins(scenario), cancellationToken);
        var log = new StringBuilder();
        var store = hub.App.Services.GetRequiredService<IHubStore>();
        // The middle: half way to the last deadline; the link is cut at the first event from then on.
        var middle = scenario.Expectations.Max(e => e.By ?? TimeSpan.Zero) / 2;
        var player = new ScenarioPlayer(scenario, [peers, new HttpActorTransport(hub.Http, hub.Partners)], clock,
            new PlayerOptions
            {
                Log = line => log.AppendLine(line),
                QuietPeriod = TimeSpan.FromMilliseconds(200),
                SettleLimit = TimeSpan.FromSeconds(60),
                // Idle: nothing left in the outbox, and nothing waiting on any peer HubEx.
                HubIdle = async ct => await IdleAsync(hub, ct) && await forces.DrainedAsync(ct),
                Outage = outage is null ? null : new LinkOutage(outage, middle, TimeSpan.FromSeconds(2)),
                Links = forces,
            });
        var report = await player.PlayAsync(cancellationToken);
        return new ScenarioRun(report, log.ToString(), [.. peers.Received, .. hub.Partners.Received], new Dictionary<string, Incident>())
        {
            WaitedOutOutage = outage is null ? 0 : forces.WaitedOutOutage.GetValueOrDefault(outage),
        };
    }
}
