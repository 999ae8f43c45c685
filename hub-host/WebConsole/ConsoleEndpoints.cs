using System.Reflection;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.HubHost.Operators;
using Microsoft.AspNetCore.StaticFiles;

namespace MCIC2.Interop.HubHost.WebConsole;

/// <summary>
/// The operators' web console, served by the host itself at <c>/console/</c>: plain HTML, CSS and an ES module embedded
/// in the executable (nothing to build, no npm, no CDN), calling the operators' API with the operator's bearer token —
/// or none in the development mode, which every page then says. The code lists' French labels come from
/// <c>/api/code-lists/{name}</c>.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Path = "/console/";
    private const string ResourcePrefix = "console/";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapConsole(this WebApplication app)
    {
        // One route for /console and /console/…: routing does not tell them apart by the trailing slash, the page's
        // relative links (console.js, france.json) do.
        app.MapGet("/console/{*file}", (string? file, HttpRequest request) =>
        {
            if (string.IsNullOrEmpty(file) && !request.Path.Value!.EndsWith('/')) return Results.Redirect(Path);
            var name = string.IsNullOrEmpty(file) ? "index.html" : file;
            var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name);
            if (stream is null) return Results.NotFound();
            ContentTypes.TryGetContentType(name, out var contentType);
            return Results.Stream(stream, contentType ?? "application/octet-stream");
        }).ExcludeFromDescription();

        app.MapGet("/api/code-lists/{name}", (string name) => Nomenclatures.Find(name) is { } list
                ? Results.Json(new { list.Name, Entries = list.Entries.Select(e => new { e.Code, e.Label, e.Level, e.ParentCode }) }, CanonicalJson.Options)
                : ApiProblems.NotFound("name", $"no code list {name}; known: {string.Join(", ", Nomenclatures.Names)}"))
            .RequireAuthorization(OperatorPolicies.Read).WithTags("operators")
            .WithSummary("A CISU / Hub Santé code list with its French labels (natures HubSante.fait, location kinds HubSante.lieu, resource status HubSante.statutVecteur, ...)");
    }
}
