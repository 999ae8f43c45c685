using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Adapters.HubEx.Peers;

/// <summary>
/// The hub's links to peer HubEx as one channel, <c>hubex-peer</c>: a partner reached through a peer has the link's
/// name as address (checked when the rules load). Sends go to that link; receiving runs every link's queues into the
/// same intake as every channel.
/// </summary>
public sealed class PeerChannel : IPartnerChannel, IInboundChannel, IAsyncDisposable
{
    public const string ChannelName = "hubex-peer";

    private readonly IReadOnlyList<PeerLink> _links;

    /// <exception cref="ArgumentException">Two links share a name.</exception>
    public PeerChannel(IEnumerable<PeerLink> links)
    {
        _links = [.. links];
        var twice = _links.GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"two peer links are named '{twice.Key}'", nameof(links));
    }

    public string Name => ChannelName;

    public IReadOnlyList<PeerLink> Links => _links;

    public IReadOnlyList<PeerLinkHealth> Health => [.. _links.Select(l => l.Health)];

    public string? CheckAddress(string address) => Find(address) is null
        ? $"'{address}' is not a peer link of this hub ({string.Join(", ", _links.Select(l => l.Name))}; settings Hub:Peers:<name>)"
        : null;

    public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Find(message.Address) is { } link
            ? link.SendAsync(message, cancellationToken)
            : Task.FromResult(new DeliveryResult(DeliveryOutcome.Refused, $"not sent: {CheckAddress(message.Address)}"));

    public Task ReceiveAsync(IMessageIntake intake, CancellationToken cancellationToken) =>
        Task.WhenAll(_links.Select(l => l.ReceiveAsync(intake, cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var link in _links) await link.DisposeAsync();
    }

    private PeerLink? Find(string name) => _links.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
}
