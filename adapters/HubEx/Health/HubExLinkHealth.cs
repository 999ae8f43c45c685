namespace MCIC2.Interop.Adapters.HubEx.Health;

/// <summary>How one of the hub's links to its broker is doing, for the host to show.</summary>
/// <param name="Connected">The link has an open connection and channel now.</param>
/// <param name="LastExchangeAt">When a message last went through it (confirmed by the broker, or handled from a queue).</param>
/// <param name="LastConfirmLatency">How long the broker took to confirm the last publish (sending links only).</param>
/// <param name="LastProblem">The last connection or channel failure, until the link works again.</param>
public sealed record HubExLinkHealth(
    bool Connected,
    DateTimeOffset? LastExchangeAt,
    TimeSpan? LastConfirmLatency,
    string? LastProblem);
