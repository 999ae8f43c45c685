using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Simulators.Demo;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>
/// The three forces' peer HubEx for one scenario run, on the test RabbitMQ over TLS: each its shipped settings
/// (<c>simulators/PeerHubEx/forces</c>) in a fresh vhost, the police hub among its clients under a fresh id (relaying
/// the police and the other forces), its definitions imported with rabbitmqctl, the simulator logged in by a
/// certificate minted for its id, on the scenario's clock. Gives the hub's <c>Hub:Peers:*</c> settings (a link per
/// force, named after it), the rules' partners on <c>hubex-peer</c>, the actors' logins and the peer side of "idle".
/// </summary>
internal sealed class PeerForces : IPeerLinkOutages, IAsyncDisposable
{
    public static readonly string[] Names = ["health", "fire", "gendarmerie"];
    private const string PoliceHub = "fr.police.mcic2";

    private readonly TempDirectory _files = new("mcic2-peer-forces-");
    private readonly Dictionary<string, (PeerHubExSettings Settings, PeerHubExSimulator Simulator, IConnection Administrator, IChannel Queues)> _forces = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    private PeerForces() { }

    /// <summary>The police hub's client id on every peer HubEx of this run.</summary>
    public string HubClientId => $"{PoliceHub}-{_suffix}";

    /// <summary>The hub under test, once started: its link health tells when an outage is seen.</summary>
    public HubUnderTest? Hub { get; set; }

    public PeerHubExSimulator Simulator(string force) => _forces[force].Simulator;

    /// <param name="edit">Changes a force's settings (by its name) before it starts: a bounded dispatcher queue...</param>
    public static async Task<PeerForces> StartAsync(TimeProvider time, CancellationToken cancellationToken, Func<string, PeerHubExSettings, PeerHubExSettings>? edit = null)
    {
        var forces = new PeerForces();
        try
        {
            // At once: each force's rabbitmqctl import is an Erlang VM of its own (seconds).
            await Task.WhenAll(Names.Select(name => forces.StartForceAsync(name, time, edit, cancellationToken)));
        }
        catch
        {
            await forces.DisposeAsync();
            throw;
        }
        return forces;
    }

    private async Task StartForceAsync(string name, TimeProvider time, Func<string, PeerHubExSettings, PeerHubExSettings>? edit, CancellationToken cancellationToken)
    {
        var shipped = PeerHubExSettings.Read(Path.Combine(AppContext.BaseDirectory, "forces", $"{name}.json"));
        var settings = shipped with
        {
            VirtualHost = $"{name}-scenario-{_suffix}",
            Clients = [.. shipped.Clients.Select(c => c.Id == PoliceHub ? c with { Id = HubClientId } : c)],
        };
        if (edit is not null) settings = edit(name, settings);
        var definitions = PeerHubExDefinitions.For(settings);
        // The test's administrator reads the queues of the fresh vhost (the peer side of "the hub is idle").
        var administrator = Uri.UnescapeDataString(new Uri(TestServices.RabbitMqUri).UserInfo.Split(':')[0]);
        definitions["permissions"]!.AsArray().Add(new JsonObject
        {
            ["user"] = administrator, ["vhost"] = settings.VirtualHost, ["configure"] = ".*", ["write"] = ".*", ["read"] = ".*",
        });
        await TestRabbit.ImportDefinitionsAsync(definitions, cancellationToken);
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(settings.HubId), _files.Path);
        var simulator = await PeerHubExSimulator.StartAsync(settings, Connection(certificate, key, TestServices.RabbitMqCtl), time, cancellationToken);
        var factory = TestRabbit.Administrator();
        factory.VirtualHost = settings.VirtualHost;
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var queues = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        lock (_forces) _forces[name] = (settings, simulator, connection, queues);
    }

    private static PeerHubExConnection Connection(string certificate, string key, string? rabbitMqCtl = null)
    {
        var tls = new Uri(TestServices.RabbitMqTlsUri);
        return new PeerHubExConnection(new Uri($"amqps://{tls.Host}:{tls.Port}"), Path.Combine(TestServices.RabbitMqCaDirectory, "ca.crt"), certificate, key, rabbitMqCtl);
    }

    /// <summary>The hub's settings: a peer link per force, served ids <c>fr.FORCE.*</c>, short back-off (real time).</summary>
    public string[] HubSettings()
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(HubClientId), _files.Path);
        var tls = new Uri(TestServices.RabbitMqTlsUri);
        return [.. _forces.SelectMany(force => DemoPeerForces.LinkSettings(force.Key, tls, force.Value.Settings, HubClientId, certificate, key,
                Path.Combine(TestServices.RabbitMqCaDirectory, "ca.crt"))
            .Concat([$"--Hub:Peers:{force.Key}:ReconnectFirstDelay", "00:00:00.200", $"--Hub:Peers:{force.Key}:ReconnectMaxDelay", "00:00:02",
                $"--Hub:Peers:{force.Key}:FaultPause", "00:00:00.200"]))];
    }

    /// <summary>The shipped rules with every SAMU, SDIS and CORG reached through its force's peer HubEx.</summary>
    public static string OverPeers(string rules) => DemoPeerForces.OverPeers(rules);

    /// <summary>Each SAMU, SDIS and CORG actor of <paramref name="scenario"/> on its force's HubEx, with its own certificate.</summary>
    public IEnumerable<PeerActorLogin> Logins(Scenario scenario) => Logins(scenario.Actors.Select(a => a.PartnerId));

    public IEnumerable<PeerActorLogin> Logins(IEnumerable<string> partnerIds)
    {
        foreach (var partnerId in partnerIds)
        {
            if (ActorForces.Of(partnerId) is not { } force) continue;
            var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(partnerId), _files.Path);
            yield return new PeerActorLogin(partnerId, _forces[force].Settings, Connection(certificate, key));
        }
    }

    /// <summary>How many messages are ready in the hub's <paramref name="queue"/> on <paramref name="force"/>'s HubEx.</summary>
    public async Task<uint> HubQueueCountAsync(string force, RecipientQueue queue, CancellationToken cancellationToken) =>
        (await _forces[force].Queues.QueueDeclarePassiveAsync(RecipientQueues.Name(HubClientId, queue), cancellationToken)).MessageCount;

    /// <summary>The links a scenario uses: the forces of its actors.</summary>
    public static IEnumerable<string> UsedBy(Scenario scenario) =>
        scenario.Actors.Select(a => ActorForces.Of(a.PartnerId)).OfType<string>().Distinct().Order();

    /// <summary>Nothing waits on any peer: no dispatcher busy, its queues and every client's queues empty.</summary>
    public async Task<bool> DrainedAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, force) in _forces)
        {
            if (!await force.Simulator.IdleAsync(cancellationToken)) return false;
        }
        return true;
    }

    /// <summary>A link's name, or a partner reached through it (a scenario's cut names the partner): its force's link.</summary>
    private static string LinkOf(string linkOrPartner) => Names.Contains(linkOrPartner) ? linkOrPartner
        : ActorForces.Of(linkOrPartner) ?? throw new ArgumentException($"{linkOrPartner} is reached through no peer HubEx: only a SAMU, SDIS or CORG link can be cut here");

    public async Task StartAsync(string linkOrPartner, CancellationToken cancellationToken)
    {
        var link = LinkOf(linkOrPartner);
        await _forces[link].Simulator.StartOutageAsync(HubClientId, cancellationToken);
        await UntilSeenAsync(link, connected: false, cancellationToken);
    }

    /// <summary>By link, what waited out its outage: the hub's backlog for it and the messages in the hub's queues there.</summary>
    public Dictionary<string, int> WaitedOutOutage { get; } = [];

    public async Task EndAsync(string linkOrPartner, CancellationToken cancellationToken)
    {
        var link = LinkOf(linkOrPartner);
        var force = _forces[link];
        var backlog = (await Hub!.Http.GetFromJsonAsync<LinkReport[]>("/health/links", cancellationToken) ?? []).Single(r => r.Link == link).Backlog;
        foreach (var queue in RecipientQueues.All)
            backlog += (int)(await force.Queues.QueueDeclarePassiveAsync(RecipientQueues.Name(HubClientId, queue), cancellationToken)).MessageCount;
        WaitedOutOutage[link] = backlog;
        await force.Simulator.EndOutageAsync(HubClientId, cancellationToken);
        await UntilSeenAsync(link, connected: true, cancellationToken);
    }

    /// <summary>Returns once the hub's link health shows <paramref name="link"/> connected (or lost).</summary>
    public async Task UntilSeenAsync(string link, bool connected, CancellationToken cancellationToken)
    {
        var hub = Hub ?? throw new InvalidOperationException("no hub under test");
        async Task<bool> Seen() => (await hub.Http.GetFromJsonAsync<LinkReport[]>("/health/links", cancellationToken) ?? []).Single(r => r.Link == link).Connected == connected;
        if (!await Poll.UntilAsync(Seen, TimeSpan.FromSeconds(60)))
            Assert.Fail($"the hub's link {link} was not seen {(connected ? "connected" : "lost")}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var (_, force) in _forces)
            {
                await force.Queues.DisposeAsync();
                await force.Administrator.DisposeAsync();
                await force.Simulator.DisposeAsync();
            }
            await Task.WhenAll(_forces.Values.Select(force => TestRabbit.CtlAsync(CancellationToken.None, "-q", "delete_vhost", force.Settings.VirtualHost)));
        }
        finally
        {
            _files.Dispose();
        }
    }
}
