using MCIC2.Interop.Routing.Pipeline;
using Wolverine;
using Wolverine.Postgresql;

namespace MCIC2.Interop.HubHost.Profiles;

/// <summary>Production store: the bus's messages in PostgreSQL (<c>Hub:Postgres</c>), schema <c>Hub:BusSchema</c>.</summary>
public sealed class PostgresProfile(string connectionString, string schema, IncidentQueues queues, bool singleNode) : HubProfile
{
    public const string DefaultSchema = "mcic2_bus";

    public override string Name => "postgres";

    public override void ConfigureBus(WolverineOptions opts)
    {
        opts.PersistMessagesWithPostgresql(connectionString, schema);
        SingleNode(opts, singleNode);
        PipelineBus.UseIncidentQueues(opts, queues);
    }

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton(queues);
        services.AddSingleton<IIntakeQueue, LocalIncidentQueue>();
    }
}
