using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;

namespace MCIC2.Interop.Adapters.HubEx.Peers;

/// <summary>What the hub writes on a peer link: the CISU encoding the peer HubEx takes from it.</summary>
public enum PeerEncoding
{
    Json,
    Xml,
}

/// <summary>
/// One link to a peer HubEx — Hub Santé (SAMU), the fire HubEx (SDIS on NexSIS), the gendarmerie's (CORG), the
/// Préfecture de police's — where the hub is a client like any other: TLS 1.2, its certificate for
/// <see cref="ClientId"/>, SASL EXTERNAL; it publishes to the peer's send exchange with its id as routing key and
/// consumes its three queues there (configuration section <c>Hub:Peers:&lt;name&gt;</c>, <see cref="Name"/> being
/// <c>&lt;name&gt;</c>, the address of the partners reached through it).
/// </summary>
public sealed record PeerLinkOptions
{
    /// <summary>The link's name: the <c>address</c> in the rules of the partners it reaches (<c>hubsante</c>).</summary>
    public string Name { get; init; } = "";

    public string Host { get; init; } = "localhost";

    /// <summary>The peer broker's TLS listener (AMQPS).</summary>
    public int Port { get; init; } = 5671;

    /// <summary>The name the peer broker's certificate must carry; <see cref="Host"/> when unset.</summary>
    public string? ServerName { get; init; }

    /// <summary>The peer's vhost: one per perimeter and version (Hub Santé: <c>15-nexsis_v1.9</c>).</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>The hub's client id on the peer: the CN of the certificate below, its routing key, its queues' prefix.</summary>
    public string ClientId { get; init; } = "fr.police.mcic2";

    /// <summary>The hub's certificate for this peer with its key, PKCS#12 (with <see cref="CertificatePassword"/>) or the
    /// PEM pair <see cref="CertificatePem"/> + <see cref="CertificateKeyPem"/>.</summary>
    public string? CertificatePfx { get; init; }

    public string? CertificatePassword { get; init; }

    public string? CertificatePem { get; init; }

    public string? CertificateKeyPem { get; init; }

    /// <summary>A PEM file of the CA the peer broker's certificate must chain to; unset: the machine's trust store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>The peer's send exchange (Hub Santé's is <c>hubsante</c>).</summary>
    public string SendExchange { get; init; } = "hubex";

    public PeerEncoding Encoding { get; init; } = PeerEncoding.Json;

    /// <summary>The partner ids the peer vouches for: an id (<c>fr.health.samu35</c>) or every id under a prefix
    /// (<c>fr.health.*</c>). A message through this link from anyone else is not taken as theirs.</summary>
    public string[] Serves { get; init; } = [];

    /// <summary>Messages each of the hub's queues on the peer holds unacknowledged at once.</summary>
    public ushort Prefetch { get; init; } = 32;

    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause before a message whose handling failed (the intake threw, its reply could not go) comes again.</summary>
    public TimeSpan FaultPause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The content type the hub publishes in on this link.</summary>
    public string ContentType => Encoding == PeerEncoding.Xml ? "application/xml" : "application/json";

    /// <summary>How the hub connects to the peer: the same connection as to its own broker, logged in as <see cref="ClientId"/>.</summary>
    public HubExOptions Connection => new()
    {
        Host = Host,
        Port = Port,
        ServerName = ServerName,
        VirtualHost = VirtualHost,
        HubId = ClientId,
        CertificatePfx = CertificatePfx,
        CertificatePassword = CertificatePassword,
        CertificatePem = CertificatePem,
        CertificateKeyPem = CertificateKeyPem,
        CaCertificatePem = CaCertificatePem,
        ReconnectFirstDelay = ReconnectFirstDelay,
        ReconnectMaxDelay = ReconnectMaxDelay,
    };

    /// <summary>Every mistake in these settings, each naming its key (<c>Hub:Peers:hubsante:Serves:0</c>).</summary>
    public IReadOnlyList<string> Problems(string section)
    {
        var problems = new List<string>();
        if (Name.Length == 0) problems.Add($"{section}: a peer link needs a name");
        if (ClientIds.CheckShape(ClientId) is { } badId) problems.Add($"{section}:ClientId: {badId}");
        if (CertificatePfx is null && (CertificatePem is null || CertificateKeyPem is null))
            problems.Add($"{section}: the hub's certificate for this peer is required: CertificatePfx (+ CertificatePassword), or CertificatePem + CertificateKeyPem");
        if (Serves.Length == 0) problems.Add($"{section}:Serves: name the partner ids this peer vouches for (e.g. fr.health.*)");
        problems.AddRange(Serves.Select((pattern, i) => PeerServes.Check(pattern) is { } bad ? $"{section}:Serves:{i}: {bad}" : null).OfType<string>());
        return problems;
    }
}
