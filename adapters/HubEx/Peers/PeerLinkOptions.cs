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
/// <see cref="ClientId"/>, SASL EXTERNAL (the broker settings are <see cref="BrokerLinkOptions"/>'s); it publishes to the peer's send exchange with its id as routing key and
/// consumes its three queues there (configuration section <c>Hub:Peers:&lt;name&gt;</c>, <see cref="Name"/> being
/// <c>&lt;name&gt;</c>, the address of the partners reached through it).
/// </summary>
public sealed record PeerLinkOptions : BrokerLinkOptions
{
    /// <summary>The link's name: the <c>address</c> in the rules of the partners it reaches (<c>hubsante</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>The hub's client id on the peer: the CN of its certificate for this peer, its routing key, its queues' prefix.</summary>
    public string ClientId { get; init; } = "fr.police.mcic2";

    public override string LoginId => ClientId;

    /// <summary>The peer's send exchange (Hub Santé's is <c>hubsante</c>).</summary>
    public string SendExchange { get; init; } = "hubex";

    public PeerEncoding Encoding { get; init; } = PeerEncoding.Json;

    /// <summary>The partner ids the peer vouches for: an id (<c>fr.health.samu35</c>) or every id under a prefix
    /// (<c>fr.health.*</c>). A message through this link from anyone else is not taken as theirs.</summary>
    public string[] Serves { get; init; } = [];

    /// <summary>The content type the hub publishes in on this link.</summary>
    public string ContentType => Encoding == PeerEncoding.Xml ? "application/xml" : "application/json";

    /// <summary>Every mistake in these settings, each naming its key (<c>Hub:Peers:hubsante:Serves:0</c>).</summary>
    public IReadOnlyList<string> Problems(string section)
    {
        var problems = new List<string>();
        if (Name.Length == 0) problems.Add($"{section}: a peer link needs a name");
        if (ClientIds.CheckShape(ClientId) is { } badId) problems.Add($"{section}:ClientId: {badId}");
        if (!HasCertificate)
            problems.Add($"{section}: the hub's certificate for this peer is required: CertificatePfx (+ CertificatePassword), or CertificatePem + CertificateKeyPem");
        if (Serves.Length == 0) problems.Add($"{section}:Serves: name the partner ids this peer vouches for (e.g. fr.health.*)");
        problems.AddRange(Serves.Select((pattern, i) => PeerServes.Check(pattern) is { } bad ? $"{section}:Serves:{i}: {bad}" : null).OfType<string>());
        return problems;
    }
}
