using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.HubEx.Peers;

/// <summary>
/// A peer HubEx of Hub Santé's shape (send exchange <c>hubsante-…</c>, its own dispatcher and distribution exchange) on
/// the test RabbitMQ for one test, provisioned as its operator would — <c>HubExDefinitions.For(peer, clients)</c> — with
/// the police hub among its clients (<see cref="HubClientId"/>, fresh suffix). <see cref="Link"/> is how the hub reaches
/// it, with a certificate minted for its id there, written as PEM files. The test plays the peer's dispatcher: it reads
/// what reached the send exchange (<see cref="TakeSentAsync"/>) and puts messages in the hub's queues there
/// (<see cref="DeliverToHubAsync"/>), as the peer's own user.
/// </summary>
public sealed class PeerHubExTestBroker : IAsyncDisposable
{
    public const string LinkName = "hubsante";

    private readonly TempDirectory _files = new("mcic2-peer-");
    private IConnection? _peerConnection;
    private IChannel? _peerChannel;

    /// <param name="linkPort">The port the hub's link connects to (a loopback relay the test cuts), or the TLS listener.</param>
    public PeerHubExTestBroker(int? linkPort = null, PeerEncoding encoding = PeerEncoding.Json, TimeSpan? reconnectFirstDelay = null)
    {
        Peer = new HubExTestBroker(hubName: "fr.health.hub", exchangePrefix: "hubsante");
        HubClientId = Peer.ClientId("mcic2");
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(HubClientId), _files.Path);
        var peer = Peer.Options;
        Link = new PeerLinkOptions
        {
            Name = LinkName,
            Host = peer.Host,
            Port = linkPort ?? peer.Port,
            ServerName = peer.ServerName,
            VirtualHost = peer.VirtualHost,
            ClientId = HubClientId,
            CertificatePem = certificate,
            CertificateKeyPem = key,
            CaCertificatePem = peer.CaCertificatePem,
            SendExchange = peer.SendExchange,
            Encoding = encoding,
            Serves = ["fr.health.*"],
            ReconnectFirstDelay = reconnectFirstDelay ?? TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = reconnectFirstDelay is { } first && first > TimeSpan.FromSeconds(2) ? first : TimeSpan.FromSeconds(2),
            FaultPause = TimeSpan.FromMilliseconds(200),
        };
    }

    /// <summary>The peer HubEx as its own operator sees it (its id, exchanges and queues).</summary>
    public HubExTestBroker Peer { get; }

    /// <summary>The police hub's client id on the peer.</summary>
    public string HubClientId { get; }

    public PeerLinkOptions Link { get; }

    /// <summary>Provisions the peer with the hub and <paramref name="actors"/> (clients of the peer, e.g. a SAMU) as clients.</summary>
    public Task ProvisionAsync(CancellationToken cancellationToken, params string[] actors) =>
        Peer.ProvisionAsync(cancellationToken, [HubClientId, .. actors]);

    /// <summary>The next message that reached the peer's send exchange (its dispatcher queue), taken; null when none
    /// comes within <paramref name="timeout"/>.</summary>
    public async Task<BasicGetResult?> TakeSentAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var channel = await PeerChannelAsync(cancellationToken);
        BasicGetResult? taken = null;
        await Poll.UntilAsync(async () => (taken = await channel.BasicGetAsync(Peer.Options.DispatcherQueue, autoAck: true, cancellationToken)) is not null,
            timeout ?? TimeSpan.FromSeconds(20));
        return taken;
    }

    /// <summary>Puts a message in one of the hub's queues on the peer, as the peer's dispatcher does (persistent by default).</summary>
    public async Task DeliverToHubAsync(ClientQueue queue, byte[] body, CancellationToken cancellationToken, string contentType = "application/json", bool persistent = true)
    {
        var channel = await PeerChannelAsync(cancellationToken);
        await channel.BasicPublishAsync(Peer.Options.DistributionExchange, HubQueue(queue), mandatory: true,
            new BasicProperties { ContentType = contentType, Persistent = persistent, MessageId = Guid.NewGuid().ToString("N") }, body, cancellationToken);
    }

    /// <summary>Forwards the next message <paramref name="client"/> published to the send exchange to the hub's
    /// <paramref name="queue"/>, as the peer's dispatcher routes it; false when it published none.</summary>
    public async Task<bool> ForwardToHubAsync(string client, ClientQueue queue, CancellationToken cancellationToken)
    {
        if (await TakeSentAsync(cancellationToken) is not { } sent) return false;
        Assert.AreEqual(client, sent.RoutingKey, "only the test's client publishes to this peer");
        await DeliverToHubAsync(queue, sent.Body.ToArray(), cancellationToken, sent.BasicProperties.ContentType ?? "application/json");
        return true;
    }

    public string HubQueue(ClientQueue queue) => ClientQueues.Name(HubClientId, queue);

    public async ValueTask DisposeAsync()
    {
        if (_peerChannel is not null) await _peerChannel.DisposeAsync();
        if (_peerConnection is not null) await _peerConnection.DisposeAsync();
        await Peer.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>A channel as the peer's own user (certificate, every right on its vhost), opened once.</summary>
    private async Task<IChannel> PeerChannelAsync(CancellationToken cancellationToken)
    {
        if (_peerChannel is { IsOpen: true } open) return open;
        _peerConnection ??= await HubExTestBroker.ConnectAsClientAsync(Peer.Options.HubId, cancellationToken);
        _peerChannel = await _peerConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _peerChannel;
    }
}
