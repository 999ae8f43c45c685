using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Runtime;

namespace MCIC2.Interop.HubHost.Health;

/// <summary>The hub's store answers a query (the outbox's pending counts, which every delivery worker reads too).</summary>
public sealed class StoreHealthCheck(SqlHubStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await store.Outbox.PendingCountsAsync(cancellationToken);
            MCIC2.Interop.Routing.Telemetry.HubTelemetry.ReportBacklog(pending);
            return HealthCheckResult.Healthy($"{pending.Values.Sum()} deliveries pending");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {e.GetType().Name}: {e.Message}");
        }
    }
}

/// <summary>
/// The bus carries accepted messages to processing: its durable store (or broker's) answers, the intake is open (not
/// replaying a previous run's messages) and the backlog is under <c>Hub:Intake:MaxBacklog</c>, beyond which the
/// intake answers 503.
/// </summary>
public sealed class BusHealthCheck(IWolverineRuntime runtime, IntakeGate gate, IntakeBacklog backlog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long waiting;
        try
        {
            var counts = await runtime.Storage.Admin.FetchCountsAsync();
            waiting = counts.Incoming + counts.Outgoing;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the bus's store does not answer: {e.GetType().Name}: {e.Message}");
        }
        var data = new Dictionary<string, object> { ["waiting"] = waiting, ["maxBacklog"] = backlog.MaxBacklog };
        if (!gate.IsOpen) return HealthCheckResult.Unhealthy("the intake is closed while the previous run's messages are replayed", data: data);
        if (waiting >= backlog.MaxBacklog) return HealthCheckResult.Unhealthy($"{waiting} messages wait to be routed (Hub:Intake:MaxBacklog {backlog.MaxBacklog})", data: data);
        return HealthCheckResult.Healthy($"{waiting} messages wait to be routed", data);
    }
}

/// <summary>Every AMQP link the host composed (its own HubEx, each peer HubEx) is connected; healthy when it has none.</summary>
public sealed class LinksHealthCheck(LinkReports reports) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var links = await reports.ReadAsync(cancellationToken);
        var data = links.ToDictionary(l => l.Link, l => (object)(l.Connected ? "connected" : $"down: {l.LastProblem ?? "not connected yet"}"));
        var down = links.Where(l => !l.Connected).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy(links.Count == 0 ? "no AMQP link configured" : $"{links.Count} links connected", data)
            : HealthCheckResult.Unhealthy($"not connected: {string.Join(", ", down.Select(l => l.Link))}", data: data);
    }
}
