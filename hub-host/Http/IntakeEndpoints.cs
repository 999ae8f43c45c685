using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// <c>POST /messages</c>, the HTTP channel's receiving side: a partner hands the hub an EDXL-DE message (JSON or XML,
/// by its content type; sniffed when none is given). A partner the rules give a token authenticates with
/// <c>Authorization: Bearer TOKEN</c>, one they give a certificate with it over HTTPS (<see cref="PartnerAuthentication"/>).
/// Each request goes to the hub's <see cref="IMessageIntake"/>, as every channel's messages do, and its verdict is the
/// answer: <c>202 {accepted, distributionId}</c> once durably queued; 400 with the code and paths when refused
/// (invalid, bare, expired or unauthenticated: nothing accepted); 503 with <c>Retry-After</c> while the hub cannot
/// take messages. Routing, acknowledgement (RC-REF) and errors (RS-ERROR) follow asynchronously.
/// </summary>
public static class IntakeEndpoints
{
    public static void MapIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/messages", async (HttpRequest request, HttpResponse response, IMessageIntake intake, IKnownSenders senders, TimeProvider clock, CancellationToken ct) =>
        {
            IntakeVerdict verdict;
            try
            {
                if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
                verdict = await intake.ReceiveAsync(new InboundMessage(body, ContentTypeOf(request, body), HttpPartnerChannel.ChannelName, PartnerAuthentication.SenderOf(request, senders, clock)), ct);
            }
            catch (MessageRejectedException unreadableOrUnauthenticated)
            {
                // a body the server could not read (broken framing), or credentials that are nobody's
                return RequestBodies.Refused(unreadableOrUnauthenticated);
            }
            switch (verdict)
            {
                case IntakeVerdict.Accepted accepted:
                    return Results.Json(new { accepted = true, distributionId = accepted.DistributionId }, statusCode: StatusCodes.Status202Accepted);
                case IntakeVerdict.NotNow notNow:
                    // Nothing accepted: the sender posts the same message again shortly (GatedIntake says why).
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(notNow.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    // The refusal's usual shape besides: Hub Santé has no code for "not now", so it carries the HTTP status.
                    return Results.Json(new
                    {
                        accepted = false,
                        reason = notNow.Reason,
                        code = StatusCodes.Status503ServiceUnavailable,
                        status = "SERVICE_UNAVAILABLE",
                        problems = new[] { new { code = StatusCodes.Status503ServiceUnavailable, path = "$", message = notNow.Reason } },
                    }, statusCode: StatusCodes.Status503ServiceUnavailable);
                case IntakeVerdict.Refused refused:
                    // The 400 is the sender's answer: the RS-ERROR a channel without one would send is not needed.
                    return RequestBodies.Refused(refused.Rejection);
                default:
                    throw new InvalidOperationException($"unknown intake verdict {verdict}");
            }
        }).RequireRateLimiting(IntakeRateLimit.Policy);
    }

    /// <summary>The request's content type; a request without one is read as what its first character says (HTTP
    /// clients often send none), never refused for that alone.</summary>
    private static string ContentTypeOf(HttpRequest request, byte[] body)
    {
        if (!string.IsNullOrWhiteSpace(request.ContentType)) return request.ContentType;
        var first = body.AsSpan().IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        return first >= 0 && body[first] == (byte)'<' ? "application/xml" : "application/json";
    }
}
