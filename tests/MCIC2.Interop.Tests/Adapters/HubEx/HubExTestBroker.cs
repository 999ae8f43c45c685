using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// A HubEx of its own on the test RabbitMQ for one test: exchanges, queues, the hub's id and the client ids all carry a
/// fresh suffix, so tests (and concurrent runs on the shared broker) never meet. The hub logs in over TLS with a
/// certificate minted for its id, written as PEM files as an operator would configure them. Disposing deletes the
/// queues and exchanges (users are left: they are tiny, and the broker is throw-away).
/// </summary>
public sealed class HubExTestBroker : IAsyncDisposable
{
    private readonly TempDirectory _files = new("mcic2-hubex-");
    private readonly List<string> _provisioned = [];

    /// <param name="hubName">The HubEx's own id before its suffix: the police hub's, or a peer's (<c>fr.health.hub</c>).</param>
    /// <param name="exchangePrefix">The prefix of its exchange and queue names (Hub Santé's send exchange is <c>hubsante</c>).</param>
    public HubExTestBroker(int? port = null, ushort prefetch = 32, string hubName = "fr.police.mcic2", string exchangePrefix = "hubex")
    {
        Suffix = Guid.NewGuid().ToString("N")[..8];
        var tls = new Uri(TestServices.RabbitMqTlsUri);
        var hubId = $"{hubName}-{Suffix}";
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(hubId), _files.Path);
        var authority = Path.Combine(_files.Path, "ca.crt");
        File.WriteAllText(authority, TestCertificates.Authority.ExportCertificatePem());
        Options = new HubExOptions
        {
            Host = "127.0.0.1",
            Port = port ?? tls.Port,
            ServerName = "localhost",
            VirtualHost = TestRabbit.VirtualHost,
            HubId = hubId,
            CertificatePem = certificate,
            CertificateKeyPem = key,
            CaCertificatePem = authority,
            SendExchange = $"{exchangePrefix}-{Suffix}",
            DistributionExchange = $"{exchangePrefix}-{Suffix}.distribution",
            DeadLetterExchange = $"{exchangePrefix}-{Suffix}.dlx",
            DispatcherQueue = $"{exchangePrefix}-{Suffix}.dispatcher",
            DeadLetterQueue = $"{exchangePrefix}-{Suffix}.dead-letters",
            // Short pauses: tests wait for recoveries by polling, never for fixed times.
            ReconnectFirstDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            FaultPause = TimeSpan.FromMilliseconds(200),
            Prefetch = prefetch,
        };
    }

    public string Suffix { get; }

    public HubExOptions Options { get; }

    /// <summary>A client id of this test's HubEx (e.g. <c>fr.police.cic35-1a2b3c4d</c>, <c>fr.health.samu35-1a2b3c4d</c>).</summary>
    public string ClientId(string name, string force = "police") => $"fr.{force}.{name}-{Suffix}";

    /// <summary>Imports the definitions for <paramref name="clientIds"/> (users, rights, topology) with rabbitmqctl, as an
    /// operator does, then declares the topology as the hub does at start.</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken, params string[] clientIds)
    {
        await TestRabbit.ImportDefinitionsAsync(HubExDefinitions.For(Options, clientIds), cancellationToken);
        await TopologyDeclaration.DeclareAsync(Options, clientIds, TimeProvider.System, cancellationToken);
        _provisioned.AddRange(clientIds);
    }

    /// <summary>A connection as <paramref name="clientId"/> would open it: TLS, its certificate, EXTERNAL.</summary>
    public static Task<IConnection> ConnectAsClientAsync(string clientId, CancellationToken cancellationToken) =>
        TestRabbit.Client(clientId).CreateConnectionAsync(cancellationToken);

    /// <summary>How many messages wait in <paramref name="queue"/> (ready, not counting those a consumer holds).</summary>
    public static async Task<uint> ReadyCountAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await TestRabbit.Administrator().CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    /// <summary>Closes every connection the hub's user holds in this broker's vhost, as <c>rabbitmqctl close_connection</c>
    /// does for an operator. The vhost matters: other tests run a hub with the same id in vhosts of their own, and
    /// closing their connections made the AMQP chaos test fail when both ran at once.</summary>
    public async Task CloseHubConnectionsAsync(CancellationToken cancellationToken)
    {
        var listing = await TestRabbit.CtlAsync(cancellationToken, "-q", "list_connections", "--no-table-headers", "pid", "user", "vhost");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split('\t');
            if (columns.Length == 3 && columns[1] == Options.HubId && columns[2] == Options.VirtualHost)
                await TestRabbit.CtlAsync(cancellationToken, "-q", "close_connection", columns[0], "closed by the test");
        }
    }

    public async ValueTask DisposeAsync()
    {
        var topology = HubExTopology.For(Options, _provisioned);
        try
        {
            await using var connection = await TestRabbit.Administrator().CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            foreach (var queue in topology.Queues) await channel.QueueDeleteAsync(queue.Name);
            foreach (var exchange in topology.Exchanges) await channel.ExchangeDeleteAsync(exchange.Name);
        }
        finally
        {
            _files.Dispose();
        }
    }
}
