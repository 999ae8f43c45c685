using System.Security.Cryptography;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// <c>POST /messages</c>, the HTTP channel's receiving side: a partner hands the hub an EDXL-DE message (JSON or XML,
/// by its content type; sniffed when none is given). A partner the rules give a token authenticates with
/// <c>Authorization: Bearer TOKEN</c>. Invalid, bare, expired or unauthenticated input is answered 400 at once with
/// its code and paths (nothing accepted); valid input is durably queued, then answered
/// <c>202 {accepted, distributionId}</c>. Routing, acknowledgement (RC-REF) and errors (RS-ERROR) follow asynchronously.
/// </summary>
public static class IntakeEndpoints
{
    public const string ChannelName = "http";

    /// <summary>The scheme of the <c>Authorization</c> header that authenticates a partner.</summary>
    public const string Bearer = "Bearer ";

    public static void MapIntakeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/messages", async (HttpRequest request, HttpResponse response, MessageIntake intake, IntakeGate gate, IntakeBacklog backlog, IKnownSenders senders, CancellationToken ct) =>
        {
            if (!gate.IsOpen)
            {
                // Nothing accepted: the sender posts the same message again shortly (IntakeGate says why).
                response.Headers.RetryAfter = "1";
                return Results.Json(new { accepted = false, reason = "the hub is restarting: messages it accepted before are being processed first, in order" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (await backlog.IsFullAsync())
            {
                response.Headers.RetryAfter = "1";
                return Results.Json(new { accepted = false, reason = $"the hub has {backlog.MaxBacklog} or more messages waiting to be routed: post again shortly" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
            try
            {
                var inbound = new InboundMessage(body, ContentTypeOf(request, body), ChannelName, AuthenticatedSender(request, senders));
                var accepted = await intake.AcceptAsync(inbound, ct);
                return Results.Json(new { accepted = true, distributionId = accepted.DistributionId }, statusCode: StatusCodes.Status202Accepted);
            }
            catch (MessageRejectedException rejected)
            {
                return RequestBodies.Refused(rejected);
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

    /// <summary>The partner whose token the request bears (the rules keep each token's SHA-256), or null when it bears
    /// none; a token that is nobody's is refused as the sender not being who it says.</summary>
    private static string? AuthenticatedSender(HttpRequest request, IKnownSenders senders)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0) return null;
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "Authorization", "only bearer tokens authenticate a partner here");
        return senders.WithTokenSha256(TokenSha256(authorization))?.Id
            ?? throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "Authorization", "this token is no partner's");
    }

    /// <summary>The SHA-256 (hex, lower case) of the token of a <see cref="Bearer"/> header: what the rules keep.</summary>
    internal static string TokenSha256(string authorization) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Bearer.Length..].Trim())));
}
