using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.DeadLetters;
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
        services.AddSingleton(sp => RulesOf(hub, sp.GetRequiredService<PartnerLinkCatalog>(), sp.GetRequiredService<ILogger<RoutingRulesProvider>>()));
        services.AddSingleton(_ => new IncidentLedger());
        services.AddSingleton(sp => new MessageProcessor(
            sp.GetRequiredService<IHubStore>(), sp.GetRequiredService<IncidentLedger>(), sp.GetRequiredService<RoutingRulesProvider>(),
            sp.GetRequiredService<MessageFormats>(), sp.GetRequiredService<TimeProvider>())
        {
            IncidentChanges = profile.IncidentChanges,
        });
        services.AddSingleton<IDeliveryEvents, UndeliveredReports>();
        services.AddSingleton<IDeliveryFeedback>(sp => new UndeliveredFeedback(sp.GetRequiredService<MessageProcessor>(), sp.GetRequiredService<SqlHubStore>().Outbox));
        // Hub:Delivery:IdlePoll, :MaxAttempts, :FirstRetryDelay... (routing/Delivery/DeliveryOptions.cs); a bad value fails the start.
        services.AddSingleton(hub.GetSection("Delivery").Get<DeliveryOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new DeliveryOptions());
        // Resolved when a replay wakes queues, not when the channel is made: the workers route to the channel.
        services.AddSingleton(sp => new ReprocessingChannel(sp.GetRequiredService<MessageProcessor>(), sp.GetRequiredService<MessageFormats>(),
            queue => sp.GetRequiredService<DeliveryWorkers>().Wake(queue)));
        services.AddSingleton(sp =>
        {
            var rules = sp.GetRequiredService<RoutingRulesProvider>();
            var channels = sp.GetRequiredService<PartnerChannels>();
            var store = sp.GetRequiredService<SqlHubStore>();
            var reprocessing = sp.GetRequiredService<ReprocessingChannel>();
            return new DeliveryWorkers(
                store.Outbox,
                queue => RouteOf(queue, rules.Current, channels, profile.IncidentChanges, reprocessing),
                sp.GetRequiredService<IDeliveryEvents>(),
                sp.GetRequiredService<DeliveryOptions>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                store.PartnerLease);
        });
        services.AddSingleton<IMessageProcessor, RoutingMessageProcessor>();
        services.AddSingleton<BusDeadLetters>();
        services.AddSingleton<IKnownSenders, RulesPartners>();
        var intake = new IntakeOptions(hub.GetValue("Intake:RequireAuthentication", false));
        services.AddSingleton(intake with
        {
            MaxClockSkew = hub.GetValue("Intake:MaxClockSkew", intake.MaxClockSkew),
            MaxExpiry = hub.GetValue("Intake:MaxExpiry", intake.MaxExpiry),
        });
        services.AddHostedService<RoutingBackground>();
    }

    /// <summary>The hub store of the profile (the host's, and the one <c>mcic2 dlq</c> works on).</summary>
    internal static SqlHubStore HubStoreOf(IConfigurationSection hub, HubProfile profile) => profile switch
    {
        EmbeddedProfile => SqlHubStore.ForSqlite(HubConnectionOf(hub, profile)),
        _ => SqlHubStore.ForPostgres(HubConnectionOf(hub, profile)),
    };

    /// <summary>The connection string of the hub's own database (what the migration ledger and the Quartz job store use too).</summary>
    internal static string HubConnectionOf(IConfigurationSection hub, HubProfile profile) => profile is EmbeddedProfile
        ? $"Data Source={SqliteFileOf(hub)}"
        : hub["Postgres"] ?? throw new InvalidOperationException($"Hub:Profile '{profile.Name}' needs Hub:Postgres");

    /// <summary>The embedded profile's hub database: <c>mcic2.db</c> under <c>Hub:DataDirectory</c> (default <c>data</c>).</summary>
    internal static string SqliteFileOf(IConfigurationSection hub) =>
        Path.GetFullPath(Path.Combine(hub["DataDirectory"] ?? "data", "mcic2.db"));

    private static RoutingRulesProvider RulesOf(IConfigurationSection hub, PartnerLinkCatalog links, ILogger log)
    {
        if (hub["Rules"] is not { Length: > 0 } path) return RoutingRulesProvider.FromDefault(links, log);
        var provider = RoutingRulesProvider.FromFile(path, links, log);
        provider.WatchDirectory();
        return provider;
    }

    /// <summary>How a queue's deliveries travel, as the rules say now (a partner added by a reload is found at once):
    /// a partner's channel to its address or its backup address, the incident-change feed's, or — replayed messages
    /// the hub could not process — back to the processor.</summary>
    internal static DeliveryRoute? RouteOf(DeliveryQueue queue, RuleSet rules, PartnerChannels channels, IncidentChangeFeed? feed, ReprocessingChannel reprocessing)
    {
        if (queue.PartnerId == UnprocessedMessages.QueueId) return new DeliveryRoute(queue, reprocessing, UnprocessedMessages.QueueId);
        if (feed is not null && queue.PartnerId == feed.Id)
            return channels.Find(feed.Channel) is { } feedChannel ? new DeliveryRoute(queue, feedChannel, feed.Address) : null;
        if (rules.Partners.Find(queue.PartnerId) is not { } partner || channels.Find(partner.Channel) is not { } channel) return null;
        var address = queue.Role == AddressRole.Backup ? partner.BackupAddress : partner.Address;
        return address is null ? null : new DeliveryRoute(queue, channel, address);
    }
}

/// <summary>
/// What runs beside the bus: the delivery workers, and every few seconds the hub's own deadlines — messages held
/// too long for their case, handovers past their deadline (operator alerts are logged as warnings) — and the bus's
/// dead letters moved to the dead-letter desk.
/// </summary>
public sealed class RoutingBackground(DeliveryWorkers workers, MessageProcessor processor, BusDeadLetters busDeadLetters, TimeProvider time, ILogger<RoutingBackground> log)
    : BackgroundService
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
                // After the pause: at the first round the bus may not have created its tables yet.
                if (await busDeadLetters.MoveToDeskAsync(stoppingToken) is > 0 and var moved)
                    log.LogWarning("{Count} dead letters of the bus moved to the dead-letter desk (mcic2 dlq list), their senders told", moved);
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
