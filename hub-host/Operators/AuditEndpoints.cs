using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary><c>GET /api/audit</c>: the audit log, newest first (what <c>mcic2 audit list</c> prints).</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (string? incident, string? by, int? limit, SqlHubStore store, CancellationToken ct) =>
        {
            if (limit is < 1 or > 10_000) return ApiProblems.BadQuery("limit", $"{limit} is not between 1 and 10000");
            var entries = await store.Audit.ListAsync(new AuditQuery(incident, by, limit ?? AuditQuery.DefaultLimit), ct);
            return Results.Json(entries.Select(e => new { e.Sequence, e.Entry.At, e.Entry.Actor, e.Entry.ActorKind, e.Entry.Action, e.Entry.IncidentKey, e.Entry.Target, e.Entry.Detail }),
                CanonicalJson.Options);
        }).WithSummary("Who read or changed what, newest first; by incident, by author");
}
