using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>Step 3 of the pipeline on a real SQLite store of its own and the shipped rules, in fake time from
/// <see cref="PartnerMessages.Morning"/>.</summary>
internal sealed class ProcessingBench : IDisposable
{
    private readonly TempDirectory _directory;

    private ProcessingBench(TempDirectory directory, SqlHubStore store)
    {
        _directory = directory;
        Store = store;
        Processor = new MessageProcessor(store, new IncidentLedger(), RoutingRulesProvider.FromDefault(TestLinks.Catalog), TestLinks.Formats, Time);
    }

    public SqlHubStore Store { get; }

    public FakeTimeProvider Time { get; } = new(PartnerMessages.Morning);

    public MessageProcessor Processor { get; }

    public static async Task<ProcessingBench> StartAsync()
    {
        var directory = new TempDirectory("mcic2-processing-");
        var store = SqlHubStore.ForSqlite($"Data Source={Path.Combine(directory.Path, "hub.db")}");
        await store.MigrateAsync();
        return new ProcessingBench(directory, store);
    }

    public void Dispose() => _directory.Dispose();
}
