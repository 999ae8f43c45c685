using MCIC2.Interop.Routing.Pipeline;
using Wolverine;

namespace MCIC2.Interop.HubHost.Profiles;

/// <summary>
/// Where the hub keeps its durable messages, chosen by <c>Hub:Profile</c>: <c>embedded</c> (default, an SQLite
/// file), <c>postgres</c>, or <c>kafka</c>. Every profile runs the same handler with the same retry policy.
/// </summary>
public abstract class HubProfile
{
    public abstract string Name { get; }

    /// <summary>Configures the bus's store and transport.</summary>
    public abstract void ConfigureBus(WolverineOptions opts);

    /// <summary>Registers what the profile provides: the intake queue, and the channels it brings (Kafka's).</summary>
    public abstract void AddServices(IServiceCollection services);

    /// <summary>Where incident changes are published for the other MCIC2 modules; none by default.</summary>
    public virtual MCIC2.Interop.Routing.Delivery.IncidentChangeFeed? IncidentChanges => null;

    /// <summary>
    /// One hub process on its store (<c>Solo</c>): at startup it takes back every message left by a previous run at
    /// once. Several hub nodes on one PostgreSQL store must not be Solo: they then wait for a stopped node to be
    /// declared stale before its messages are reassigned.
    /// </summary>
    protected static void SingleNode(WolverineOptions opts, bool singleNode)
    {
        if (singleNode) opts.Durability.Mode = DurabilityMode.Solo;
    }

    public static HubProfile From(IConfiguration configuration)
    {
        var hub = configuration.GetSection("Hub");
        var queues = new IncidentQueues(hub.GetValue("IncidentQueues", 8));
        return (hub["Profile"] ?? "embedded").ToLowerInvariant() switch
        {
            "embedded" => new EmbeddedProfile(hub["DataDirectory"] ?? "data", queues),
            "postgres" => new PostgresProfile(Required(hub, "Postgres"), hub["BusSchema"] ?? PostgresProfile.DefaultSchema, queues, hub.GetValue("SingleNode", false)),
            "kafka" => new KafkaProfile(Required(hub, "Kafka"), Required(hub, "Postgres"), hub["BusSchema"] ?? PostgresProfile.DefaultSchema, hub.GetValue("SingleNode", false)),
            var other => throw new InvalidOperationException($"Hub:Profile '{other}' is not embedded, postgres or kafka"),
        };
    }

    private static string Required(IConfigurationSection hub, string key) =>
        hub[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"Hub:Profile '{hub["Profile"]}' needs Hub:{key}");
}
