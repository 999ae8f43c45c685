using MCIC2.Interop.Routing.Pipeline;
using Wolverine;
using Wolverine.Sqlite;

namespace MCIC2.Interop.HubHost.Profiles;

/// <summary>
/// Nothing but the .NET SDK: the bus's messages in the SQLite file <c>bus.db</c> under <c>Hub:DataDirectory</c>.
/// A file apart from the hub's <c>mcic2.db</c> so the bus's polling never contends with a message transaction for
/// SQLite's single writer lock; exactly-once rests on the processor's dedup, not on sharing a transaction.
/// </summary>
public sealed class EmbeddedProfile(string dataDirectory, IncidentQueues queues) : HubProfile
{
    public override string Name => "embedded";

    public string BusFile => Path.GetFullPath(Path.Combine(dataDirectory, "bus.db"));

    public override void ConfigureBus(WolverineOptions opts)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(BusFile)!);
        opts.PersistMessagesWithSqlite($"Data Source={BusFile}");
        SingleNode(opts, true); // an SQLite file belongs to one process
        PipelineBus.UseIncidentQueues(opts, queues);
    }

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton(queues);
        services.AddSingleton<IIntakeQueue, LocalIncidentQueue>();
    }
}
