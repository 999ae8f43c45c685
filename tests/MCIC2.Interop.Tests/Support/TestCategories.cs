namespace MCIC2.Interop.Tests.Support;

/// <summary>Test categories scripts/test knows by name.</summary>
public static class TestCategories
{
    /// <summary>
    /// The minutes-long loads and scenarios under a crash or an outage (docs/reliability.md; the scenarios with a peer
    /// HubEx link cut in their middle). scripts/test runs them in its first pass
    /// only: the second pass (the hubs' clock a year ahead) is there for data dated by the calendar, which these take from
    /// the same clock as the other end-to-end tests, and running them twice would take CI near its 30 minutes.
    /// </summary>
    public const string LoadUnderFault = "LoadUnderFault";

    /// <summary>
    /// The shipped scenarios played over the peer HubEx simulators on RabbitMQ (minutes in all). First pass only, as
    /// <see cref="LoadUnderFault"/>: their messages are dated by the same clock as the HTTP scenarios, which the second
    /// pass plays again.
    /// </summary>
    public const string OverPeerHubEx = "OverPeerHubEx";
}
