using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>A partner of the rules as operators see it (its credentials' digests stay in the rules).</summary>
public sealed record PartnerView(string Id, string Kind, string Name, IReadOnlyList<string> Departments, IReadOnlyList<string> Families,
    string Format, string Channel, string Address, string? BackupAddress, bool Authenticated, int Backlog);

/// <summary><c>/api/partners</c> and <c>/api/links</c>: the partners of the rules now in force, with what waits for each,
/// and the health of the AMQP links (what <c>GET /health/links</c> answers).</summary>
public static class PartnerEndpoints
{
    public static void MapPartnerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/partners", async (RoutingRulesProvider rules, SqlHubStore store, CancellationToken ct) =>
        {
            var backlog = (await store.Outbox.PendingCountsAsync(ct)).GroupBy(b => b.Key.PartnerId).ToDictionary(g => g.Key, g => g.Sum(b => b.Value));
            return Results.Json(rules.Current.Partners.Listings.Select(l => new PartnerView(l.Partner.Id, l.Partner.Kind.ToString().ToLowerInvariant(), l.Partner.Name, l.Departments,
                l.Partner.Families, l.Partner.Format, l.Partner.Channel, l.Partner.Address, l.Partner.BackupAddress, l.Partner.HasCredentials,
                backlog.GetValueOrDefault(l.Partner.Id))), CanonicalJson.Options);
        }).WithSummary("The partners of the rules in force, with the deliveries waiting for each");

        api.MapGet("/links", async (LinkReports reports, CancellationToken ct) => Results.Json(await reports.ReadAsync(ct), CanonicalJson.Options))
            .WithSummary("The health of the hub's AMQP links (its HubEx, each peer HubEx)");
    }
}
