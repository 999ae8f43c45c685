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
}
