using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>The operators' roles, as their tokens carry them (claim <c>Hub:Operators:RoleClaim</c>, default <c>roles</c>).</summary>
public static class OperatorRoles
{
    /// <summary>Reads incidents, messages, dead letters, partners, the audit log.</summary>
    public const string Viewer = "viewer";

    /// <summary>Besides: replays and discards dead letters.</summary>
    public const string Operator = "operator";

    /// <summary>Besides: changes rules and partners.</summary>
    public const string Administrator = "administrator";

    /// <summary>Beside any of the others: sees medical data (patients' identities and medical details, health motives,
    /// FHIR content), for health staff only (<see cref="MedicalFields"/>).</summary>
    public const string Medical = "medical";
}

/// <summary>The authorisation policies of the operators' API: what each role may do.</summary>
public static class OperatorPolicies
{
    public const string Read = "operators.read";
    public const string Act = "operators.act";
    public const string Administer = "operators.administer";
}

/// <summary>
/// <c>Hub:Operators:*</c>: how operators authenticate to <c>/api/</c>. With <see cref="Authority"/> (an OpenID Connect
/// provider: its signing keys come from its discovery document) or <see cref="SigningKey"/> (a shared HS256 key, 32
/// bytes or more), every request needs a JWT bearer token. With neither — the embedded default — the API runs in
/// development mode: every request is taken as an administrator named <see cref="DevelopmentSubject"/>, said in the
/// log at start and in a header of every API answer (<see cref="OperatorAccess.DevelopmentModeHeader"/>).
/// </summary>
public sealed record OperatorSettings(string? Authority, string? Audience, string? Issuer, string? SigningKey, string RoleClaim, bool RequireHttpsMetadata)
{
    public const string DevelopmentSubject = "development";

    public bool DevelopmentMode => Authority is null && SigningKey is null;

    public static OperatorSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Hub:Operators");
        var settings = new OperatorSettings(
            Blank(section["Authority"]), Blank(section["Audience"]), Blank(section["Issuer"]), Blank(section["SigningKey"]),
            Blank(section["RoleClaim"]) ?? "roles", section.GetValue("RequireHttpsMetadata", true));
        if (settings.SigningKey is { } key && Encoding.UTF8.GetByteCount(key) < 32)
            throw new InvalidOperationException($"Hub:Operators:SigningKey has {Encoding.UTF8.GetByteCount(key)} bytes: an HS256 key needs at least 32");
        return settings;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>
/// Operators' authentication and roles on <c>/api/</c>, apart from the partners' (<c>POST /messages</c> reads its own
/// bearer tokens, <see cref="Http.PartnerAuthentication"/>): the operators' scheme is never the default, so it runs only
/// on the endpoints whose policies name it.
/// </summary>
public static class OperatorAccess
{
    public const string Scheme = "Operators";

    /// <summary>The header every API answer carries in development mode.</summary>
    public const string DevelopmentModeHeader = "X-MCIC2-Development-Mode";

    public const string DevelopmentModeNotice =
        "operators are not authenticated: every request acts as an administrator; set Hub:Operators:SigningKey or Hub:Operators:Authority";

    public static void AddOperatorAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = OperatorSettings.From(configuration);
        services.AddSingleton(settings);
        var authentication = services.AddAuthentication();
        if (settings.DevelopmentMode)
            authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentOperatorHandler>(Scheme, null);
        else
            authentication.AddJwtBearer(Scheme);
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<TimeProvider>((jwt, clock) => Configure(jwt, settings, clock));
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicies.Read, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRoles.Viewer, OperatorRoles.Operator, OperatorRoles.Administrator))
            .AddPolicy(OperatorPolicies.Act, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRoles.Operator, OperatorRoles.Administrator))
            .AddPolicy(OperatorPolicies.Administer, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(OperatorRoles.Administrator));
    }

    private static void Configure(JwtBearerOptions jwt, OperatorSettings settings, TimeProvider clock)
    {
        // Claims as the token names them (sub, roles), not mapped to the WS-* URIs.
        jwt.MapInboundClaims = false;
        jwt.Authority = settings.Authority;
        jwt.Audience = settings.Audience;
        jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        var skew = TimeSpan.FromMinutes(2);
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            NameClaimType = "sub",
            RoleClaimType = settings.RoleClaim,
            ValidateIssuer = settings.Issuer is not null || settings.Authority is not null,
            ValidIssuer = settings.Issuer,
            ValidateAudience = settings.Audience is not null,
            ValidAudience = settings.Audience,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = settings.SigningKey is { } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
            RequireExpirationTime = true,
            ClockSkew = skew,
            // By the hub's clock (Hub:ClockOffset moves it), not the machine's.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is not { } from || now + skew >= from) && expires is { } until && now - skew < until;
            },
        };
    }

    /// <summary>Says the development mode in the log at start and in a header of every answer of the API.</summary>
    public static void UseOperatorAccess(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<OperatorSettings>();
        if (settings.DevelopmentMode)
        {
            app.Logger.LogWarning("Development mode: the operators' API (/api/) authenticates nobody; every request acts as the administrator '{Subject}'. Set Hub:Operators:SigningKey or Hub:Operators:Authority for production",
                OperatorSettings.DevelopmentSubject);
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
                    context.Response.Headers[DevelopmentModeHeader] = DevelopmentModeNotice;
                return next(context);
            });
        }
        app.UseAuthentication();
        app.UseAuthorization();
    }

    /// <summary>Who an authenticated operator is, for the audit log: the token's subject (or name).</summary>
    public static string Subject(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? "(unnamed operator)";
}

/// <summary>Development mode: every request is the administrator <see cref="OperatorSettings.DevelopmentSubject"/>, who
/// also has the medical role (a development hub holds test data; the header says nobody is authenticated).</summary>
internal sealed class DevelopmentOperatorHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
            [
                new Claim("sub", OperatorSettings.DevelopmentSubject),
                new Claim("roles", OperatorRoles.Viewer), new Claim("roles", OperatorRoles.Operator), new Claim("roles", OperatorRoles.Administrator),
                new Claim("roles", OperatorRoles.Medical),
            ], OperatorAccess.Scheme, "sub", "roles");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorAccess.Scheme)));
    }
}
