using System.Globalization;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Faults;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;

namespace MCIC2.Interop.Simulators.Demo;

/// <summary>Where the demo's peer HubEx run: the broker's TLS listener (<c>amqps://host:port</c>), the directory of the
/// CA it trusts (<c>ca.crt</c>, <c>ca.key</c>: the demo issues everyone's certificate from it) and its rabbitmqctl.</summary>
public sealed record DemoBroker(Uri Broker, string CaDirectory, string RabbitMqCtl);

/// <summary>
/// The demo over a real RabbitMQ: each force's peer HubEx simulator (Hub Santé, the fire HubEx, the gendarmerie's,
/// their shipped settings) in a vhost of its own for this run, its definitions imported with rabbitmqctl, everyone
/// logged in by a certificate issued from the broker's CA (CN = id, SASL EXTERNAL): the simulators, the hub (a client
/// of each, <c>Hub:Peers:&lt;force&gt;</c>) and the SAMU, SDIS and CORG actors. The vhosts are deleted at the end.
/// </summary>
public sealed class DemoPeerForces : IPeerLinkOutages, IAsyncDisposable
{
    public static readonly string[] Names = ["health", "fire", "gendarmerie"];

    /// <summary>The hub's client id on every peer HubEx (the forces' settings relay the other forces through it).</summary>
    public const string HubClientId = "fr.police.mcic2";

    private readonly DemoBroker _broker;
    private readonly string _certificates;
    private readonly Dictionary<string, PeerHubExSimulator> _forces = [];
    private readonly IPeerLinkOutages _http;
    private readonly TimeProvider _time;

    private DemoPeerForces(DemoBroker broker, string certificates, Recorder partners, TimeProvider time)
    {
        _broker = broker;
        _certificates = certificates;
        _http = new PartnerEndpointOutages(partners);
        _time = time;
    }

    /// <summary>The hub once started: a link cut returns once the hub has seen it.</summary>
    public LinkReports? Hub { get; set; }

    /// <param name="partners">Where the CICs are, whose cut links are their endpoints.</param>
    /// <param name="time">The broker's clock: it names this run's vhosts and dates the certificates the broker checks.</param>
    public static async Task<DemoPeerForces> StartAsync(DemoBroker broker, string directory, Recorder partners, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var forces = new DemoPeerForces(broker, directory, partners, time);
        var run = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var name in Names)
            {
                var shipped = PeerHubExSettings.Read(Path.Combine(AppContext.BaseDirectory, "forces", $"{name}.json"));
                // A vhost of this run's: nothing left from an earlier demo waits in its queues.
                var settings = shipped with { VirtualHost = $"{shipped.VirtualHost}-demo-{run}" };
                var definitions = Path.Combine(directory, $"{name}.definitions.json");
                await File.WriteAllTextAsync(definitions, PeerHubExDefinitions.For(settings).ToJsonString(), cancellationToken);
                await new RabbitMqCtl(broker.RabbitMqCtl).ImportDefinitionsAsync(definitions, cancellationToken);
                forces._forces[name] = await PeerHubExSimulator.StartAsync(settings, forces.Connection(settings.HubId), cancellationToken: cancellationToken);
            }
        }
        catch
        {
            await forces.DisposeAsync();
            throw;
        }
        return forces;
    }

    /// <summary>The hub's <c>Hub:Peers:*</c> settings: a link per force, named after it, serving <c>fr.FORCE.*</c>.</summary>
    public string[] HubSettings()
    {
        var (certificate, key) = Issue(HubClientId);
        return [.. _forces.SelectMany(force => LinkSettings(force.Key, _broker.Broker, force.Value.Settings, HubClientId, certificate, key,
            Path.Combine(_broker.CaDirectory, "ca.crt")))];
    }

    /// <summary>The settings of the hub's link <paramref name="name"/> to the HubEx of <paramref name="force"/> on
    /// <paramref name="broker"/>: its certificate and key (PEM), the CA, JSON to Hub Santé and XML to the others.</summary>
    public static string[] LinkSettings(string name, Uri broker, PeerHubExSettings force, string clientId, string certificate, string key, string caCertificate)
    {
        var peer = $"--Hub:Peers:{name}:";
        return [
            // A loopback broker's certificate names localhost (scripts/services/start's does).
            $"{peer}Host", broker.Host, $"{peer}Port", broker.Port.ToString(CultureInfo.InvariantCulture),
            $"{peer}ServerName", System.Net.IPAddress.TryParse(broker.Host, out var ip) && System.Net.IPAddress.IsLoopback(ip) ? "localhost" : broker.Host,
            $"{peer}VirtualHost", force.VirtualHost, $"{peer}ClientId", clientId, $"{peer}CertificatePem", certificate,
            $"{peer}CertificateKeyPem", key, $"{peer}CaCertificatePem", caCertificate,
            $"{peer}SendExchange", force.SendExchange, $"{peer}Encoding", name == "health" ? "json" : "xml", $"{peer}Serves:0", $"fr.{name}.*"];
    }

    /// <summary>The rules with every SAMU, SDIS and CORG reached through its force's peer HubEx.</summary>
    public static string OverPeers(string rules)
    {
        var document = JsonNode.Parse(rules)!;
        foreach (var partner in document["partners"]!.AsArray().Select(p => p!.AsObject()))
        {
            if (ActorForces.Of((string)partner["id"]!) is not { } force) continue;
            partner["channel"] = PeerChannel.ChannelName;
            partner["address"] = force;
            partner.Remove("backupAddress");
        }
        return document.ToJsonString();
    }

    /// <summary>Each SAMU, SDIS and CORG of <paramref name="partnerIds"/> on its force's HubEx, with a certificate of its own.</summary>
    public IEnumerable<PeerActorLogin> Logins(IEnumerable<string> partnerIds)
    {
        foreach (var partnerId in partnerIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (ActorForces.Of(partnerId) is not { } force) continue;
            var (certificate, key) = Issue(partnerId);
            yield return new PeerActorLogin(partnerId, _forces[force].Settings, Connection(partnerId, certificate, key));
        }
    }

    /// <summary>Nothing waits on any peer HubEx.</summary>
    public async Task<bool> IdleAsync(CancellationToken cancellationToken)
    {
        foreach (var simulator in _forces.Values)
        {
            if (!await simulator.IdleAsync(cancellationToken)) return false;
        }
        return true;
    }

    /// <summary>Every link connected in the hub's health.</summary>
    public Task UntilConnectedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Names.Select(link => UntilSeenAsync(link, connected: true, cancellationToken)));

    /// <summary>A cut link (a scenario's <c>at +T the link to PARTNER is cut for D</c>): a SAMU's, SDIS's or CORG's is
    /// its force's peer link, a CIC's its endpoint.</summary>
    public Task StartAsync(string link, CancellationToken cancellationToken) => SwitchAsync(link, cut: true, cancellationToken);

    public Task EndAsync(string link, CancellationToken cancellationToken) => SwitchAsync(link, cut: false, cancellationToken);

    private async Task SwitchAsync(string link, bool cut, CancellationToken cancellationToken)
    {
        if (ForceOf(link) is not { } force)
        {
            await (cut ? _http.StartAsync(link, cancellationToken) : _http.EndAsync(link, cancellationToken));
            return;
        }
        var simulator = _forces[force];
        await (cut ? simulator.StartOutageAsync(HubClientId, cancellationToken) : simulator.EndOutageAsync(HubClientId, cancellationToken));
        await UntilSeenAsync(force, connected: !cut, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, simulator) in _forces)
        {
            await simulator.DisposeAsync();
            await new RabbitMqCtl(_broker.RabbitMqCtl).DeleteVirtualHostAsync(simulator.Settings.VirtualHost, CancellationToken.None);
        }
    }

    private static string? ForceOf(string link) => Names.Contains(link) ? link : ActorForces.Of(link);

    private async Task UntilSeenAsync(string link, bool connected, CancellationToken cancellationToken)
    {
        var hub = Hub ?? throw new InvalidOperationException("the hub is not started");
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(100))
        {
            if ((await hub.ReadAsync(cancellationToken)).Single(r => r.Link == link).Connected == connected) return;
            await Task.Delay(100, cancellationToken);
        }
        throw new ScenarioException($"the hub's link {link} was not seen {(connected ? "connected" : "lost")} within 60 s");
    }

    private (string Certificate, string Key) Issue(string clientId) =>
        ClientCertificates.WritePem(ClientCertificates.Issue(ClientCertificates.Authority(_broker.CaDirectory), clientId, _time.GetUtcNow().AddDays(1)), _certificates);

    private PeerHubExConnection Connection(string clientId, string? certificate = null, string? key = null)
    {
        if (certificate is null || key is null) (certificate, key) = Issue(clientId);
        return new PeerHubExConnection(new Uri($"amqps://{_broker.Broker.Host}:{_broker.Broker.Port}"), Path.Combine(_broker.CaDirectory, "ca.crt"),
            certificate, key, _broker.RabbitMqCtl);
    }
}
