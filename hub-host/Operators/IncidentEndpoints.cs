using System.Security.Claims;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>An incident in a search's answer.</summary>
public sealed record IncidentSummary(
    string Key, string HubId, long Version, DateTimeOffset? UpdatedAt, string? CaseId, string? PegaseNumber, string? GendarmerieNumber,
    string? Nature, string? NatureLabel, string? Commune, string? CommuneInsee, DateTimeOffset? CreatedAt, int Resources, int Handovers,
    decimal? Latitude, decimal? Longitude)
{
    public static IncidentSummary Of(StoredIncident stored)
    {
        var incident = stored.Incident;
        return new(stored.Key, stored.HubId, stored.Version, stored.UpdatedAt, incident.Identity.CaseId, incident.Identity.PegaseNumber, incident.Identity.GendarmerieNumber,
            incident.Qualification?.Nature?.Code, incident.Qualification?.Nature?.Label, incident.Location?.Commune?.Name, incident.Location?.Commune?.InseeCode,
            incident.CreatedAt, incident.Resources.Count, incident.Handovers.Count,
            incident.Location?.Point?.Latitude, incident.Location?.Point?.Longitude);
    }
}

/// <summary>What became of a message for one recipient.</summary>
public sealed record DeliveryView(long Sequence, string DeliveryId, string Partner, string Family, string Format, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? LastError, string? TransportCode, string? ReplayOf, string? ReplayedAs)
{
    public static DeliveryView Of(StoredDelivery d) => new(d.Sequence, d.Delivery.DeliveryId, d.Delivery.PartnerId, d.Delivery.Family, d.Delivery.Format,
        d.State.ToString(), d.Attempts, d.Delivery.CreatedAt, d.DeliveredAt, d.LastError, d.TransportCode, d.Delivery.ReplayOf, d.ReplayedAs);
}

/// <summary>A message received for an incident, where its original bytes are, and its deliveries.</summary>
public sealed record MessageView(string DistributionId, string Sender, string Family, string Format, string ContentType, DateTimeOffset ReceivedAt,
    string Body, IReadOnlyList<DeliveryView> Deliveries);

/// <summary><c>/api/incidents</c>: search, one incident in canonical form (timeline, engaged resources, handovers), its
/// messages. Every read is audited under the operator's name; medical data only for the medical role (<see cref="MedicalFields"/>).</summary>
public static class IncidentEndpoints
{
    public static string BodyPath(string distributionId) => $"/api/messages/{Uri.EscapeDataString(distributionId)}/body";

    public static void MapIncidentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents", async (string? caseId, string? reference, string? commune, string? nature, string? from, string? to, int? limit,
            SqlHubStore store, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!ApiProblems.TryTime(from, "from", out var changedFrom, out var problem) || !ApiProblems.TryTime(to, "to", out var changedBefore, out problem)) return problem!;
            if (limit is < 1 or > 1000) return ApiProblems.BadQuery("limit", $"{limit} is not between 1 and 1000");
            var search = new IncidentSearch(caseId, reference, commune, nature, changedFrom, changedBefore, limit ?? IncidentSearch.DefaultLimit);
            var found = await store.Incidents.SearchAsync(search, ct);
            await audit.RecordAsync(user, AuditActions.IncidentsSearched, null, Criteria(search), $"{found.Count} found", ct);
            return Results.Json(found.Select(IncidentSummary.Of), CanonicalJson.Options);
        }).WithSummary("Search incidents by case id, partner reference (Pégase, CORG number...), commune, nature, time of last change");

        api.MapGet("/incidents/{key}", async (string key, SqlHubStore store, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (await store.Incidents.FindAsync(key, ct) is not { } stored) return ApiProblems.NotFound("key", $"there is no incident {key}");
            await audit.RecordAsync(user, AuditActions.IncidentRead, key, detail: $"version {stored.Version}", cancellationToken: ct);
            return Results.Json(new
            {
                stored.Key,
                stored.HubId,
                stored.Version,
                stored.UpdatedAt,
                stored.CreatedBy,
                stored.ResourcesUnreportedSince,
                Incident = MedicalFields.Shown(stored.Incident, user),
                Messages = $"/api/incidents/{Uri.EscapeDataString(key)}/messages",
            }, CanonicalJson.Options);
        }).WithSummary("One incident in canonical form, with its timeline, engaged resources and handovers");

        api.MapGet("/incidents/{key}/messages", async (string key, SqlHubStore store, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var messages = await store.Incidents.MessagesAsync(key, ct);
            var deliveries = await store.Outbox.OfIncidentAsync(key, ct);
            if (messages.Count == 0 && deliveries.Count == 0) return ApiProblems.NotFound("key", $"no message of incident {key}");
            await audit.RecordAsync(user, AuditActions.IncidentMessagesRead, key, detail: $"{messages.Count} messages", cancellationToken: ct);
            var bySource = deliveries.ToLookup(d => d.Delivery.SourceDistributionId);
            var received = messages.Select(m => m.DistributionId).ToHashSet();
            return Results.Json(new
            {
                Messages = messages.Select(m => new MessageView(m.DistributionId, m.SenderId, m.Family, m.Format, m.ContentType, m.ReceivedAt,
                    BodyPath(m.DistributionId), bySource[m.DistributionId].Select(DeliveryView.Of).ToList())),
                // What the hub sent of its own for the incident (an escalated handover's copy, a replay whose message was removed by retention).
                OtherDeliveries = deliveries.Where(d => !received.Contains(d.Delivery.SourceDistributionId)).Select(DeliveryView.Of),
            }, CanonicalJson.Options);
        }).WithSummary("The messages of an incident, each with its delivery state per recipient and a link to its original bytes");

        api.MapGet("/messages/{distributionId}/body", async (string distributionId, SqlHubStore store, MessageFormats formats, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (await store.Incidents.MessageAsync(distributionId, ct) is not { } message) return ApiProblems.NotFound("distributionId", $"no message {distributionId} was received (or retention removed it)");
            if (MedicalFields.Withholds(message.Format, formats, user))
                return ApiProblems.Of(StatusCodes.Status403Forbidden, "distributionId", $"{distributionId} is in {message.Format}: {MedicalFields.Marker}");
            await audit.RecordAsync(user, AuditActions.MessageRead, message.IncidentKey, distributionId, cancellationToken: ct);
            return Results.Bytes(message.Body, message.ContentType);
        }).WithSummary("A received message's original bytes, in its content type");
    }

    private static string Criteria(IncidentSearch search) =>
        string.Join(" ", new (string Name, object? Value)[]
            {
                ("caseId", search.CaseId), ("reference", search.Reference), ("commune", search.Commune), ("nature", search.Nature),
                ("from", search.ChangedFrom?.ToString("o")), ("to", search.ChangedBefore?.ToString("o")),
            }
            .Where(c => c.Value is not null).Select(c => $"{c.Name}={c.Value}")) is { Length: > 0 } text ? text : "(all)";
}
