using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Routing;

/// <summary>
/// The routing half of the composition root: the hub store of the profile, the rules (<c>Hub:Rules</c>, a rules file,
/// reloaded when it changes; the shipped rules otherwise), the processor the bus calls, and the delivery workers.
/// </summary>
public static class RoutingServices
{
    public static void AddRouting(this IServiceCollection services, IConfiguration configuration, HubProfile profile)
    {
        var hub = configuration.GetSection("Hub");
        services.AddSingleton(_ => HubStoreOf(hub, profile));
        services.AddSingleton<IHubStore>(sp => sp.GetRequiredService<SqlHubStore>());
        services.AddSingleton(sp => RulesOf(hub, sp.GetRequiredService<ILogger<RoutingRulesProvider>>()));
        services.AddSingleton(_ => new IncidentLedger());
        services.AddSingleton(sp => new MessageProcessor(
            sp.GetRequiredService<IHubStore>(), sp.GetRequiredService<IncidentLedger>(), sp.GetRequiredService<RoutingRulesProvider>(), sp.GetRequiredService<TimeProvider>())
        {
            IncidentChangesPartnerId = profile is KafkaProfile ? IncidentChangeDelivery.PartnerId : null,
        });
        services.AddSingleton<IDeliveryEvents, UndeliveredReports>();
        services.AddSingleton(new DeliveryOptions());
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) });
        services.AddSingleton(sp =>
        {
            var http = new HttpPartnerDelivery(sp.GetRequiredService<HttpClient>());
            var changes = new IncidentChangeDelivery(sp.GetRequiredService<IIncidentChangePublisher>());
            var rules = sp.GetRequiredService<RoutingRulesProvider>();
            var store = sp.GetRequiredService<SqlHubStore>();
            return new DeliveryWorkers(
                store.Outbox,
                partnerId => DeliveryPartner(rules, partnerId),
                partner => partner.Id == IncidentChangeDelivery.PartnerId ? changes : http,
                sp.GetRequiredService<IDeliveryEvents>(),
                sp.GetRequiredService<DeliveryOptions>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                store.PartnerLease);
        });
        services.AddSingleton<IMessageProcessor, RoutingMessageProcessor>();
        services.AddSingleton<IKnownSenders, RulesPartners>();
        services.AddHostedService<RoutingBackground>();
    }

    /// <summary>The hub store of the profile (the host's, and the one <c>mcic2 dlq</c> works on).</summary>
    internal static SqlHubStore HubStoreOf(IConfigurationSection hub, HubProfile profile) => profile switch
    {
        EmbeddedProfile => SqlHubStore.ForSqlite($"Data Source={SqliteFileOf(hub)}"),
        _ => SqlHubStore.ForPostgres(hub["Postgres"] ?? throw new InvalidOperationException($"Hub:Profile '{profile.Name}' needs Hub:Postgres")),
    };

    /// <summary>The embedded profile's hub database: <c>mcic2.db</c> under <c>Hub:DataDirectory</c> (default <c>data</c>).</summary>
    internal static string SqliteFileOf(IConfigurationSection hub) =>
        Path.GetFullPath(Path.Combine(hub["DataDirectory"] ?? "data", "mcic2.db"));

    private static RoutingRulesProvider RulesOf(IConfigurationSection hub, ILogger log)
    {
        if (hub["Rules"] is not { Length: > 0 } path) return RoutingRulesProvider.FromDefault(log);
        var provider = RoutingRulesProvider.FromFile(path, log);
        provider.WatchDirectory();
        return provider;
    }

    private static readonly Partner IncidentChanges = new(IncidentChangeDelivery.PartnerId, PartnerKind.Cic, "MCIC2 modules (incident changes)", ["CANONICAL"],
        Adapters.Cisu.Encoding.CisuEncoding.Json, new Uri("kafka://mcic2.incidents"));

    private static readonly string BackupSuffix = MessageProcessor.BackupOf("");

    /// <summary>The partner a delivery goes to, as the rules say now (a partner added by a reload is found at once):
    /// a partner of the rules, its backup address (<c>id#backup</c>, handover escalation), or the MCIC2 modules'
    /// incident-change feed.</summary>
    internal static Partner? DeliveryPartner(RoutingRulesProvider rules, string partnerId)
    {
        if (partnerId == IncidentChangeDelivery.PartnerId) return IncidentChanges;
        if (rules.Current.Partners.Find(partnerId) is { } partner) return partner;
        if (!partnerId.EndsWith(BackupSuffix, StringComparison.Ordinal)) return null;
        return rules.Current.Partners.Find(partnerId[..^BackupSuffix.Length]) is { BackupEndpoint: { } backup } primary
            ? primary with { Id = partnerId, Endpoint = backup, BackupEndpoint = null }
            : null;
    }
}

/// <summary>
/// What runs beside the bus: the delivery workers, and every few seconds the hub's own deadlines — messages held
/// too long for their case, handovers past their deadline (operator alerts are logged as warnings).
/// </summary>
public sealed class RoutingBackground(DeliveryWorkers workers, MessageProcessor processor, TimeProvider time, ILogger<RoutingBackground> log) : BackgroundService
{
    public static readonly TimeSpan DeadlineSweep = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(workers.RunAsync(stoppingToken), SweepDeadlines(stoppingToken));

    private async Task SweepDeadlines(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await processor.GiveUpOnStaleHeldAsync(stoppingToken);
                foreach (var alert in await processor.EscalateDueHandoversAsync(stoppingToken))
                {
                    log.LogWarning("Operator alert for handover {HandoverId}: {Message}", alert.HandoverId, alert.Message);
                }
                await Task.Delay(DeadlineSweep, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not stop the sweeps: the next round tries again.
                log.LogError(e, "Deadline sweep failed");
                await Task.Delay(DeadlineSweep, time, stoppingToken);
            }
        }
    }
}
