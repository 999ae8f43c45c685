using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// <c>POST /messages</c>: a partner hands the hub an EDXL-DE message (JSON or XML). Invalid, bare or expired input
/// is answered 400 at once with its code and paths (nothing accepted); valid input is durably queued, then answered
/// <c>202 {accepted, distributionId}</c>. Routing, acknowledgement (RC-REF) and errors (RS-ERROR) follow asynchronously.
/// </summary>
public static class IntakeEndpoints
{
    public static void MapIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/messages", async (HttpRequest request, HttpResponse response, MessageIntake intake, IntakeGate gate, CancellationToken ct) =>
        {
            if (!gate.IsOpen)
            {
                // Nothing accepted: the sender posts the same message again shortly (IntakeGate says why).
                response.Headers.RetryAfter = "1";
                return Results.Json(new { accepted = false, reason = "the hub is restarting: messages it accepted before are being processed first, in order" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
            try
            {
                var accepted = await intake.AcceptAsync(body, ct);
                return Results.Json(new { accepted = true, distributionId = accepted.DistributionId }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (MessageRejectedException rejected)
            {
                return RequestBodies.Refused(rejected);
            }
        });
    }
}
