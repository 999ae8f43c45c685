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
    private const long MaxBodyBytes = 4 * 1024 * 1024;

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
            if (request.ContentLength > MaxBodyBytes) return Refused(StatusCodes.Status413PayloadTooLarge, TooLarge());
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > MaxBodyBytes) return Refused(StatusCodes.Status413PayloadTooLarge, TooLarge());
            try
            {
                var accepted = await intake.AcceptAsync(buffer.ToArray(), ct);
                return Results.Json(new { accepted = true, distributionId = accepted.DistributionId }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (MessageRejectedException rejected)
            {
                return Refused(StatusCodes.Status400BadRequest, rejected);
            }
        });
    }

    private static MessageRejectedException TooLarge() =>
        new(HubErrorCode.InvalidMessage, "$", $"message larger than {MaxBodyBytes} bytes");

    /// <summary>The same body as <c>/validate</c>'s refusals: <c>{code, status, problems[{code, path, message}]}</c>.</summary>
    private static IResult Refused(int statusCode, MessageRejectedException rejected) => Results.Json(new
    {
        code = (int)rejected.Code,
        status = rejected.Code.StatusString(),
        problems = rejected.Problems.Select(p => new { code = (int)p.Code, path = p.Path, message = p.Message }),
    }, statusCode: statusCode);
}
