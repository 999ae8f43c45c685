using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Routing.Telemetry;

namespace MCIC2.Interop.HubHost.Telemetry;

/// <summary>
/// Reads the outbox's pending deliveries per partner every <see cref="Every"/> for the backlog gauge
/// (<c>mcic2.delivery.backlog</c>): a gauge is observed when the exporter collects, which cannot wait for a database,
/// so the value it reports is at most this old. Runs only while metrics are exported.
/// </summary>
public sealed class BacklogReading(SqlHubStore store, TimeProvider time, ILogger<BacklogReading> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadOnceAsync(stoppingToken);
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store unreachable: the gauge keeps its last value, /health/ready says why.
                log.LogWarning("Backlog gauge not refreshed: {Error}", e.Message);
                await Task.Delay(Every, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public async Task ReadOnceAsync(CancellationToken cancellationToken)
    {
        HubTelemetry.ReportBacklog(await store.Outbox.PendingCountsAsync(cancellationToken));
    }
}
