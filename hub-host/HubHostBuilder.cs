using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.HubHost.WebConsole;
using MCIC2.Interop.HubHost.Health;
using MCIC2.Interop.HubHost.Telemetry;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.HubHost.Migration.Nightly;
using MCIC2.Interop.HubHost.Operators;
using MCIC2.Interop.HubHost.Pegase;
using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Routing.Pipeline;
using Serilog;
using Wolverine;

namespace MCIC2.Interop.HubHost;

/// <summary>The composition root: the only place that picks real implementations (clock, logging, endpoints, bus profile).</summary>
public static class HubHostBuilder
{
    /// <param name="overrides">Registrations applied last (tests: a recording processor, a fake clock, short retries).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(RequestBodies.LimitKestrel);
        builder.Services.AddSerilog((_, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        builder.Services.AddSingleton(HubClock.From(builder.Configuration));
        builder.Services.AddHubHealthChecks();
        builder.Services.AddTelemetryExport(builder.Configuration);
        // Over HTTPS a partner may authenticate with a client certificate: asked for, never required. The rules pin
        // each partner's by its SHA-256, so the handshake takes any and PartnerAuthentication decides.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        }));

        var profile = HubProfile.From(builder.Configuration);
        profile.AddServices(builder.Services);
        builder.Services.AddPartnerLinks();
        builder.Services.AddPegaseBridge();
        builder.Services.AddHubEx(builder.Configuration);
        builder.Services.AddPeerLinks(builder.Configuration);
        builder.Services.AddSingleton<LinkReports>();
        builder.Services.AddHostedService<LinkHealthLog>();
        builder.Services.AddSingleton<MessageIntake>();
        builder.Services.AddSingleton<IntakeGate>();
        builder.Services.AddSingleton(sp => new IntakeBacklog(sp.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>(), sp.GetRequiredService<TimeProvider>(),
            builder.Configuration.GetValue("Hub:Intake:MaxBacklog", IntakeBacklog.DefaultMaxBacklog)));
        // What every channel hands its messages to (POST /messages, the HubEx dispatcher): closed while recovering.
        builder.Services.AddSingleton<GatedIntake>();
        builder.Services.AddSingleton<MCIC2.Interop.PartnerLinks.Channels.IMessageIntake>(sp => sp.GetRequiredService<GatedIntake>());
        builder.Services.AddSingleton(new RecoveryBarrier(open: false));
        builder.Services.AddRouting(builder.Configuration, profile);
        builder.Services.AddSingleton(RetentionSettings.From(builder.Configuration));
        builder.Services.AddHostedService<RetentionJob>();
        builder.Services.AddPegaseNightly(builder.Configuration, profile);
        IntakeRateLimit.From(builder.Configuration).AddTo(builder.Services);
        builder.Services.AddSingleton(RetryPolicy.Default);
        builder.Services.AddOperatorApi(builder.Configuration);
        overrides?.Invoke(builder.Services);

        builder.Host.UseWolverine(opts =>
        {
            profile.ConfigureBus(opts);
            // How long a stopping hub waits for in-flight messages; one not finished by then is processed again at
            // the next start (the processor's dedup makes that harmless).
            opts.Durability.DrainTimeout = builder.Configuration.GetValue("Hub:DrainTimeout", TimeSpan.FromSeconds(30));
            PipelineBus.Configure(opts, RetryPolicyOf(builder.Services));
        });
        // After the bus's own hosted service: it starts once the bus's store is ready (see OpenIntakeAfterRecovery).
        builder.Services.AddHostedService<OpenIntakeAfterRecovery>();

        var app = builder.Build();
        HubClock.WarnIfMoved(app.Services.GetRequiredService<TimeProvider>(), app.Logger);
        WarnOfDevelopmentMode(app);
        // The hub's tables exist before the bus delivers its first (possibly recovered) message.
        app.Services.GetRequiredService<IHubStore>().MigrateAsync().GetAwaiter().GetResult();
        app.UseBareStatusBodies();
        app.UseRateLimiter();
        app.UseOperatorAccess();
        app.UsePegaseBridge();
        app.MapHubHealthEndpoints();
        app.MapLinkHealthEndpoints();
        app.MapConversionEndpoints();
        app.MapIntakeEndpoints();
        app.MapOperatorApi();
        app.MapConsole();
        return app;
    }

    /// <summary>Says which partners may send over HTTP without authenticating (no token in the rules, and
    /// <c>Hub:Intake:RequireAuthentication</c> off): the embedded default's development mode, never silent.</summary>
    private static void WarnOfDevelopmentMode(WebApplication app)
    {
        if (app.Services.GetRequiredService<IntakeOptions>().RequireAuthentication) return;
        var open = app.Services.GetRequiredService<MCIC2.Interop.Routing.Rules.RoutingRulesProvider>().Current.Partners.Listings
            .Select(l => l.Partner).Where(p => !p.HasCredentials).Select(p => p.Id).ToList();
        if (open.Count > 0)
            app.Logger.LogWarning("Development mode: {Count} partners may post to /messages without authenticating ({Partners}); give each a tokenSha256 or a certificateSha256 in the rules and set Hub:Intake:RequireAuthentication=true for production",
                open.Count, string.Join(", ", open));
    }

    /// <summary>The retry policy registered last (the bus is configured before the container is built).</summary>
    private static RetryPolicy RetryPolicyOf(IServiceCollection services) =>
        services.Last(d => d.ServiceType == typeof(RetryPolicy)).ImplementationInstance as RetryPolicy ?? RetryPolicy.Default;
}
