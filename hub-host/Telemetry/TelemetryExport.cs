using MCIC2.Interop.Routing.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MCIC2.Interop.HubHost.Telemetry;

/// <summary>
/// Exports the hub's traces and metrics (<see cref="HubTelemetry"/>) by OTLP, only when an endpoint is configured:
/// <c>Hub:Telemetry:Otlp</c> (e.g. <c>http://collector:4317</c>), or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// (the exporter then reads the other <c>OTEL_*</c> variables itself). Without either nothing is collected or sent.
/// </summary>
public static class TelemetryExport
{
    public const string OtlpSetting = "Hub:Telemetry:Otlp";

    public static IServiceCollection AddTelemetryExport(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration[OtlpSetting];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return services;
        Uri? uri = null;
        if (!string.IsNullOrWhiteSpace(endpoint) && (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
            throw new InvalidOperationException($"{OtlpSetting}: '{endpoint}' is not an absolute http(s) URL (e.g. http://collector:4317)");
        void Otlp(OtlpExporterOptions options)
        {
            if (uri is not null) options.Endpoint = uri;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mcic2-hub"))
            .WithTracing(tracing => tracing.AddSource(HubTelemetry.Name).AddOtlpExporter(Otlp))
            .WithMetrics(metrics => metrics.AddMeter(HubTelemetry.Name).AddOtlpExporter(Otlp));
        services.AddHostedService<BacklogReading>();
        return services;
    }
}
