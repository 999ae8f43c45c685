using MCIC2.Interop.Adapters.HubEx.Health;

namespace MCIC2.Interop.Adapters.HubEx.Peers;

/// <summary>How one peer link is doing, for the host to show (the host adds its backlog in the outbox).</summary>
/// <param name="Peer">Where it goes: <c>amqps://host:port/vhost</c> and the hub's client id there.</param>
/// <param name="Sending">The publishing side: connected, last confirmed publish, last confirm latency, last problem.</param>
/// <param name="Receiving">The hub's three queues on the peer: connected when all three are consumed, last message
/// handed to the intake, last problem.</param>
/// <param name="LastRefusal">The code and cause of the last message from the peer the intake refused.</param>
public sealed record PeerLinkHealth(string Link, string Peer, HubExLinkHealth Sending, HubExLinkHealth Receiving, string? LastRefusal);
