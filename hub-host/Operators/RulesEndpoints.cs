using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>
/// <c>/api/rules</c>: the administrator reads and changes the routing rules — partners, their channels and
/// credentials' digests, nature rules, the medical policy — of a hub started on a rules file (<c>Hub:Rules</c>). A new
/// file is checked whole (with the tables it names) before it replaces the old one: a mistake is refused with every
/// problem's file and path and changes nothing; the one in force before is kept beside it
/// (<c>rules.json.previous</c>). Every read and change is audited with its author and the files' digests.
/// </summary>
public static class RulesEndpoints
{
    public static void MapRulesEndpoints(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/rules").RequireAuthorization(OperatorPolicies.Administer);

        rules.MapGet("", async (RoutingRulesProvider provider, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var text = FromFile(provider) is { } file ? await File.ReadAllTextAsync(file, ct) : null;
            await audit.RecordAsync(user, AuditActions.RulesRead, null, provider.Source, $"version {provider.Version}", ct);
            return Results.Json(new
            {
                provider.Source,
                provider.Version,
                Editable = text is not null,
                LastRefusal = provider.LastRefusal.Select(p => p.ToString()),
                Rules = text,
            }, CanonicalJson.Options);
        }).WithSummary("The rules in force: where they come from, their version, the last refused reload, the rules file's text");

        rules.MapPut("", async (HttpRequest request, RoutingRulesProvider provider, PartnerLinkCatalog links, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (FromFile(provider) is not { } file) return NotEditable(provider);
            if (await RequestBodies.ReadAsync(request, ct) is not { } body) return RequestBodies.TooLarge();
            var text = Encoding.UTF8.GetString(body);
            var check = RuleSetLoader.Check(file, text, links);
            if (!check.Succeeded) return Refused(check.Problems);
            var before = await File.ReadAllTextAsync(file, ct);
            var previous = file + ".previous";
            // Written beside, then moved over: the watcher and a crash see the old file or the new one, never half.
            var next = file + ".next";
            await File.WriteAllTextAsync(next, text, ct);
            File.Copy(file, previous, overwrite: true);
            File.Move(next, file, overwrite: true);
            var reload = provider.Reload();
            if (!reload.Applied)
            {
                File.Copy(previous, file, overwrite: true);
                provider.Reload();
                return Refused(reload.Problems);
            }
            await audit.RecordAsync(user, AuditActions.RulesChanged, null, file,
                $"version {reload.Version}; sha256 {Digest(before)} → {Digest(text)}; the previous file kept as {Path.GetFileName(previous)}", ct);
            return Results.Json(new { Applied = true, reload.Version, Previous = previous }, CanonicalJson.Options);
        }).WithSummary("Replaces the rules file with the request's body (JSON) once it is checked whole, then applies it; refused with every problem, nothing changed");

        rules.MapPost("/reload", async (RoutingRulesProvider provider, OperatorAudit audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (FromFile(provider) is null) return NotEditable(provider);
            var reload = provider.Reload();
            await audit.RecordAsync(user, AuditActions.RulesReloaded, null, provider.Source,
                reload.Applied ? $"version {reload.Version}" : $"refused, version {reload.Version} kept: {string.Join("; ", reload.Problems)}", ct);
            return reload.Applied ? Results.Json(new { Applied = true, reload.Version }, CanonicalJson.Options) : Refused(reload.Problems);
        }).WithSummary("Reads the rules file again (after an edit on disk) and applies it, or keeps the rules in force and says why");
    }

    private static string? FromFile(RoutingRulesProvider provider) => File.Exists(provider.Source) ? provider.Source : null;

    private static IResult NotEditable(RoutingRulesProvider provider) => ApiProblems.Of(StatusCodes.Status409Conflict, "Hub:Rules",
        $"the hub runs on its {provider.Source}: start it with --Hub:Rules FILE (a copy of them: see routing/Rules/README.md) to change its rules");

    private static IResult Refused(IReadOnlyList<RulesProblem> problems) => Results.Json(new
    {
        code = StatusCodes.Status400BadRequest,
        problems = problems.Select(p => new { code = StatusCodes.Status400BadRequest, path = p.Location.Length == 0 ? p.File : $"{p.File}:{p.Location}", message = p.Message }),
    }, statusCode: StatusCodes.Status400BadRequest);

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
