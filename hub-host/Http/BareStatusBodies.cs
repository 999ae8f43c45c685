using System.Net;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// Kestrel and routing answer an unknown path (404) or a wrong method (405) with an empty body; a partner's
/// integration engineer then sees nothing to go on. Those answers get the hub's usual refusal shape, with the HTTP
/// status as code (Hub Santé has none for them) and the path and method asked for.
/// </summary>
public static class BareStatusBodies
{
    public static void UseBareStatusBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            if (status is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)) return;
            var message = status == StatusCodes.Status404NotFound
                ? $"no endpoint {http.Request.Path} (the hub serves POST /messages, POST /validate, POST /convert, GET /health, GET /health/links, the operators' API under /api/ described at /openapi/v1.json)"
                : $"{http.Request.Method} is not allowed on {http.Request.Path}";
            await http.Response.WriteAsJsonAsync(new
            {
                code = status,
                status = ((HttpStatusCode)status).ToString(),
                problems = new[] { new { code = status, path = http.Request.Path.Value, message } },
            });
        });
}
