using MCIC2.Interop.HubHost.Http;
using Serilog;

namespace MCIC2.Interop.HubHost;

/// <summary>The composition root: the only place that picks real implementations (clock, logging, endpoints).</summary>
public static class HubHostBuilder
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSerilog((_, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.MapHealthChecks("/health");
        app.MapConversionEndpoints();
        return app;
    }
}
