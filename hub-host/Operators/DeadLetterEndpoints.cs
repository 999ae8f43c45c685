using System.Security.Claims;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>A dead letter, linked to the message it came from.</summary>
public sealed record DeadLetterView(long Sequence, string DeliveryId, string Partner, string Family, string Incident, int Attempts,
    string FailureGroup, string? LastError, string? TransportCode, DateTimeOffset CreatedAt, string? ReplayOf, string? ReplayedAs, string Original)
{
    public static DeadLetterView Of(StoredDelivery d) => new(d.Sequence, d.Delivery.DeliveryId, d.Delivery.PartnerId, d.Delivery.Family, d.Delivery.IncidentKey,
        d.Attempts, DeadLetterDesk.FailureGroupOf(d), d.LastError, d.TransportCode, d.Delivery.CreatedAt, d.Delivery.ReplayOf, d.ReplayedAs,
        IncidentEndpoints.BodyPath(d.Delivery.SourceDistributionId));
}

/// <summary>
/// <c>/api/dead-letters</c>: what <c>mcic2 dlq</c> does, through the same <see cref="DeadLetterDesk"/> — list, group,
/// inspect (with the bytes that were refused), edit those bytes and replay, replay one or a failure group in the original order, discard. Replaying
/// and discarding need the operator role; each is audited under the operator's name.
/// </summary>
public static class DeadLetterEndpoints
{
    public static void MapDeadLetterEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/dead-letters", async (string? partner, string? group, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Json((await audit.DeskFor(user).ListAsync(new DeadLetterFilter(partner, group), ct)).Select(DeadLetterView.Of), CanonicalJson.Options))
            .WithSummary("The dead letters not yet replayed, oldest first; by partner, by failure group (or its start)");

        api.MapGet("/dead-letters/groups", async (string? partner, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Json(await audit.DeskFor(user).GroupsAsync(new DeadLetterFilter(partner), ct), CanonicalJson.Options))
            .WithSummary("The failure groups: each cause with its count and partners");

        api.MapGet("/dead-letters/{sequence:long}", (long sequence, MessageFormats formats, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            OnDeadLetter(sequence, audit.DeskFor(user), async deadLetter =>
            {
                await audit.RecordAsync(user, AuditActions.DeadLetterRead, deadLetter.Delivery.IncidentKey, deadLetter.Delivery.DeliveryId, cancellationToken: ct);
                var body = MedicalFields.Withholds(deadLetter.Delivery.Format, formats, user) ? MedicalFields.Marker : Encoding.UTF8.GetString(deadLetter.Delivery.Body);
                return Results.Json(new { DeadLetter = DeadLetterView.Of(deadLetter), deadLetter.Delivery.ContentType, Body = body }, CanonicalJson.Options);
            }, ct))
            .WithSummary("One dead letter with the bytes the partner was sent");

        api.MapPost("/dead-letters/{sequence:long}/replay", (long sequence, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            OnDeadLetter(sequence, audit.DeskFor(user), async deadLetter =>
            {
                var replay = await audit.DeskFor(user).ReplayAsync(deadLetter.Sequence, ct);
                return Results.Json(new { Replayed = new[] { DeliveryView.Of(replay) } }, CanonicalJson.Options);
            }, ct))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Replays one dead letter: a new delivery ID.replay-N, linked to it, at the end of its partner's queue");

        api.MapPost("/dead-letters/{sequence:long}/edit", (long sequence, HttpRequest request, MessageFormats formats, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            OnDeadLetter(sequence, audit.DeskFor(user), async deadLetter =>
            {
                if (await RequestBodies.ReadAsync(request, ct) is not { } edited) return RequestBodies.TooLarge();
                // The corrected bytes must still be a message of the partner's format: a typo is refused here, not by the partner.
                var format = formats.Find(deadLetter.Delivery.Format)
                    ?? throw new InvalidOperationException($"the dead letter's format '{deadLetter.Delivery.Format}' is not in this host");
                try
                {
                    format.Decode(edited);
                }
                catch (MessageRejectedException rejected)
                {
                    return RequestBodies.Refused(rejected);
                }
                var replay = await audit.DeskFor(user).ReplayEditedAsync(deadLetter.Sequence, edited, ct);
                return Results.Json(new { Replayed = new[] { DeliveryView.Of(replay) } }, CanonicalJson.Options);
            }, ct))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Replays one dead letter with corrected bytes (the request's body, checked against the partner's format); the dead letter keeps the bytes first sent");

        api.MapPost("/dead-letters/replay", async (string? partner, string? group, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (partner is null && group is null) return ApiProblems.BadQuery("group", "say which dead letters to replay: group and/or partner");
            var replays = await audit.DeskFor(user).ReplayAsync(new DeadLetterFilter(partner, group), ct);
            return replays.Count == 0
                ? ApiProblems.NotFound(group is null ? "partner" : "group", "no dead letter matches (see /api/dead-letters/groups)")
                : Results.Json(new { Replayed = replays.Select(DeliveryView.Of) }, CanonicalJson.Options);
        })
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Replays every dead letter of a failure group and/or partner, in their original order");

        api.MapPost("/dead-letters/{sequence:long}/discard", (long sequence, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
            OnDeadLetter(sequence, audit.DeskFor(user), async deadLetter =>
            {
                await audit.DeskFor(user).DiscardAsync(deadLetter.Sequence, ct);
                return Results.Json(new { Discarded = DeadLetterView.Of(deadLetter) }, CanonicalJson.Options);
            }, ct))
            .RequireAuthorization(OperatorPolicies.Act)
            .WithSummary("Gives up on one dead letter for good: its partner never receives it");
    }

    /// <summary>The desk's check first: unknown is 404, not a dead letter (delivered, already replayed) is 409.</summary>
    private static async Task<IResult> OnDeadLetter(long sequence, DeadLetterDesk desk, Func<StoredDelivery, Task<IResult>> work, CancellationToken ct)
    {
        StoredDelivery deadLetter;
        try
        {
            deadLetter = await desk.DeadLetterAsync(sequence, ct);
        }
        catch (NotADeadLetterException e)
        {
            return ApiProblems.Of(e.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, "sequence", e.Message);
        }
        return await work(deadLetter);
    }
}
