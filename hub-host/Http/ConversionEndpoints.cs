using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.HubHost.Cli;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// <c>POST /validate</c> and <c>POST /convert?to=json|xml|canonical&amp;family=F</c>: the CLI's two file commands
/// over HTTP, for integration engineers testing their partner messages against the hub.
/// </summary>
public static class ConversionEndpoints
{
    /// <summary>Requests above this are refused before reading them whole (the codec bounds its input too).</summary>
    private const long MaxBodyBytes = 4 * 1024 * 1024;

    public static void MapConversionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/validate", async (HttpRequest request) =>
        {
            if (await ReadBody(request) is not { } body) return TooLarge();
            try
            {
                var decoded = CisuCodec.Shared.Decode(body);
                return Results.Ok(new { family = decoded.Message.Family, valid = true, notices = decoded.Notices.Select(n => new { path = n.Path, message = n.Message }) });
            }
            catch (MessageRejectedException rejected)
            {
                return Rejected(rejected);
            }
        });

        app.MapPost("/convert", async (HttpRequest request, string to, string? family) =>
        {
            if (await ReadBody(request) is not { } body) return TooLarge();
            try
            {
                var (converted, mediaType) = Conversion.Convert(body, to, family);
                return Results.Bytes(converted, mediaType);
            }
            catch (MessageRejectedException rejected)
            {
                return Rejected(rejected);
            }
        });
    }

    private static async Task<byte[]?> ReadBody(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
    }

    private static IResult TooLarge() => Results.Json(new
    {
        code = (int)HubErrorCode.InvalidMessage,
        status = HubErrorCode.InvalidMessage.StatusString(),
        problems = new[] { new { code = (int)HubErrorCode.InvalidMessage, path = "$", message = $"message larger than {MaxBodyBytes} bytes" } },
    }, statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult Rejected(MessageRejectedException rejected) => Results.Json(new
    {
        code = (int)rejected.Code,
        status = rejected.Code.StatusString(),
        problems = rejected.Problems.Select(ProblemBody),
    }, statusCode: StatusCodes.Status400BadRequest);

    private static object ProblemBody(Problem p) => new { code = (int)p.Code, path = p.Path, message = p.Message };
}
