using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MCIC2.Interop.HubHost.Health;

/// <summary>
/// <c>GET /health/live</c>: the process answers (no check; <c>/health</c> too, in plain text). <c>GET /health/ready</c>: the store,
/// the bus and every AMQP link (ASP.NET Core health checks tagged <see cref="Ready"/>): 200 when all are healthy, 503
/// otherwise, the body naming each check with its status and why.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string Ready = "ready";

    public static IServiceCollection AddHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<BusHealthCheck>("bus", tags: [Ready])
            .AddCheck<LinksHealthCheck>("links", tags: [Ready]);
        return services;
    }

    public static void MapHubHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // The historic /health keeps its plain "Healthy" (scripts and load runs poll it).
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>{ "status": "Unhealthy", "checks": [ { "name": "links", "status": "Unhealthy", "description": "not connected: hubsante", "data": {…} } ] }</c></summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
