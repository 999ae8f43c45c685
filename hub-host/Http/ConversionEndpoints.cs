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
    public static void MapConversionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/validate", async (HttpRequest request, CancellationToken ct) =>
        {
            try
            {
                if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
                var decoded = CisuCodec.Shared.Decode(body);
                return Results.Ok(new { family = decoded.Message.Family, valid = true, notices = decoded.Notices.Select(n => new { path = n.Path, message = n.Message }) });
            }
            catch (MessageRejectedException rejected)
            {
                return RequestBodies.Refused(rejected);
            }
        });

        // `to` is optional to the binder, so that its absence is refused as the CLI refuses it, with a code, not an empty 400.
        app.MapPost("/convert", async (HttpRequest request, string? to, string? family, CancellationToken ct) =>
        {
            try
            {
                if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
                var (converted, mediaType) = Conversion.Convert(body, to, family);
                return Results.Bytes(converted, mediaType);
            }
            catch (MessageRejectedException rejected)
            {
                return RequestBodies.Refused(rejected);
            }
        });
    }
}
