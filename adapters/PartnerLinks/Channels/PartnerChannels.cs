namespace MCIC2.Interop.PartnerLinks.Channels;

/// <summary>The channels the host composed, found by the name a partner's rule gives.</summary>
public sealed class PartnerChannels
{
    private readonly IReadOnlyList<IPartnerChannel> _channels;

    public PartnerChannels(IEnumerable<IPartnerChannel> channels)
    {
        _channels = [.. channels];
        var twice = _channels.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"two channels are named '{twice.Key}'", nameof(channels));
    }

    public IReadOnlyList<string> Names => [.. _channels.Select(c => c.Name)];

    public IPartnerChannel? Find(string name) =>
        _channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
