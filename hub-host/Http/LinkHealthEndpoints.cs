using MCIC2.Interop.HubHost.Links;

namespace MCIC2.Interop.HubHost.Http;

/// <summary><c>GET /health/links</c>: the state of every AMQP link (the hub's own HubEx, each peer HubEx), what
/// <c>mcic2 hubex status</c> prints.</summary>
public static class LinkHealthEndpoints
{
    public const string Path = "/health/links";

    public static void MapLinkHealthEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (LinkReports reports, CancellationToken ct) => Results.Json(await reports.ReadAsync(ct)));
}
