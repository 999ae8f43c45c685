using System.Diagnostics;
using System.Globalization;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// The run's own HubEx on a RabbitMQ: a fresh vhost, a certificate for the hub and for each client, their users and
/// rights imported with rabbitmqctl (as an operator does with <c>mcic2 hubex definitions</c>) and the topology declared,
/// as the hub does at start. Disposing deletes the vhost (its exchanges, queues and rights with it) and the users.
/// </summary>
public sealed class LoadBroker : IAsyncDisposable
{
    private readonly string _rabbitMqCtl;
    private readonly LoadCertificates _certificates;
    private readonly IReadOnlyList<string> _users;

    private LoadBroker(string rabbitMqCtl, LoadCertificates certificates, HubExOptions hub, IReadOnlyList<string> clients)
    {
        _rabbitMqCtl = rabbitMqCtl;
        _certificates = certificates;
        Hub = hub;
        _users = [hub.HubId, .. clients];
    }

    /// <summary>The hub's settings for this broker: its id, its certificate, the run's vhost, the default names.</summary>
    public HubExOptions Hub { get; }

    public static async Task<LoadBroker> ProvisionAsync(LoadOptions options, string directory, string virtualHost, string hubId, IReadOnlyList<string> clients)
    {
        var listener = new Uri(options.RabbitMqTls!);
        var certificates = new LoadCertificates(options.RabbitMqCa!, Path.Combine(directory, "certificates"));
        var (certificate, key) = certificates.Mint(hubId);
        var hub = new HubExOptions
        {
            Host = listener.Host,
            Port = listener.Port,
            VirtualHost = virtualHost,
            HubId = hubId,
            CertificatePem = certificate,
            CertificateKeyPem = key,
            CaCertificatePem = certificates.AuthorityFile,
        };
        var broker = new LoadBroker(options.RabbitMqCtl!, certificates, hub, clients);
        var definitions = Path.Combine(directory, "definitions.json");
        await File.WriteAllTextAsync(definitions, HubExDefinitions.For(hub, clients).ToJsonString());
        try
        {
            await broker.CtlAsync("import_definitions", definitions);
            await TopologyDeclaration.DeclareAsync(hub, clients, TimeProvider.System, CancellationToken.None);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>The broker as <paramref name="clientId"/> logs in to it: the hub's settings with the client's id and
    /// a certificate minted for it (a client connects exactly as the hub does: TLS 1.2, certificate, EXTERNAL).</summary>
    public HubExOptions As(string clientId)
    {
        var (certificate, key) = _certificates.Mint(clientId);
        return Hub with { HubId = clientId, CertificatePem = certificate, CertificateKeyPem = key };
    }

    /// <summary>The host's <c>Hub:HubEx:*</c> settings for <see cref="Hub"/>.</summary>
    public IEnumerable<string> HubSettings() =>
    [
        "--Hub:HubEx:Host", Hub.Host,
        "--Hub:HubEx:Port", Hub.Port.ToString(CultureInfo.InvariantCulture),
        "--Hub:HubEx:VirtualHost", Hub.VirtualHost,
        "--Hub:HubEx:HubId", Hub.HubId,
        "--Hub:HubEx:CertificatePem", Hub.CertificatePem!,
        "--Hub:HubEx:CertificateKeyPem", Hub.CertificateKeyPem!,
        "--Hub:HubEx:CaCertificatePem", Hub.CaCertificatePem!,
    ];

    public async ValueTask DisposeAsync()
    {
        string[][] removals = [["delete_vhost", Hub.VirtualHost], .. _users.Select(user => new[] { "delete_user", user })];
        foreach (var removal in removals)
        {
            try
            {
                await CtlAsync(removal);
            }
            catch (InvalidOperationException leftOver)
            {
                // Said, not thrown: the figures are measured already, and a provisioning cut short leaves less to remove.
                Console.Error.WriteLine(leftOver.Message);
            }
        }
    }

    /// <summary>Runs rabbitmqctl (an Erlang VM start each: about a second); fails the run when it fails.</summary>
    private async Task CtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(_rabbitMqCtl, ["-q", .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{_rabbitMqCtl} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
    }
}
