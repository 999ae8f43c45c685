namespace MCIC2.Interop.Adapters.HubEx.Options;

/// <summary>
/// The hub as the police HubEx (configuration section <c>Hub:HubEx</c>): its own broker, which it logs in to like its
/// clients do (TLS 1.2 with its certificate, SASL EXTERNAL, the certificate's common name being <see cref="HubId"/>),
/// and the names of the topology it provisions there.
/// </summary>
public sealed record HubExOptions : BrokerLinkOptions
{
    /// <summary>The hub's own client id: the CN of its certificate, the app id and user id of what it publishes, the
    /// sender of its RS-ERROR replies. The broker checks the user id against the login, so the two must match.</summary>
    public string HubId { get; init; } = "fr.police.mcic2";

    public override string LoginId => HubId;

    /// <summary>The topic exchange every client publishes to, with its own id as routing key.</summary>
    public string SendExchange { get; init; } = "hubex";

    /// <summary>The direct exchange the hub publishes to, routing key = the recipient's queue name.</summary>
    public string DistributionExchange { get; init; } = "hubex.distribution";

    /// <summary>The fanout exchange the client queues dead-letter to.</summary>
    public string DeadLetterExchange { get; init; } = "hubex.dlx";

    /// <summary>The hub's queue of everything clients send (bound to <see cref="SendExchange"/>).</summary>
    public string DispatcherQueue { get; init; } = "hubex.dispatcher";

    /// <summary>The hub's queue of what died in a client queue (bound to <see cref="DeadLetterExchange"/>).</summary>
    public string DeadLetterQueue { get; init; } = "hubex.dead-letters";

    /// <summary>How long a message waits in a client queue before it expires (and its sender hears 400).</summary>
    public TimeSpan QueueTtl { get; init; } = TimeSpan.FromHours(24);
}
