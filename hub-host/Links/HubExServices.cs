using MCIC2.Interop.Adapters.HubEx.DeadLetters;
using MCIC2.Interop.Adapters.HubEx.Dispatching;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.HubHost.Links;

/// <summary>
/// The hub as the police HubEx, once <c>Hub:HubEx:Host</c> names its RabbitMQ (every key of <see cref="HubExOptions"/>
/// under <c>Hub:HubEx</c>): the <c>hubex</c> channel for partners whose rules say so, the dispatcher that receives what
/// the clients publish, the consumer of the dead letters, and the topology declared for the clients of the rules.
/// </summary>
public static class HubExServices
{
    public const string Section = "Hub:HubEx";

    /// <summary>The HubEx settings, or null when the host has none (no HubEx channel then: rules naming it are refused).</summary>
    public static HubExOptions? OptionsFrom(IConfiguration configuration) =>
        configuration.GetSection(Section) is var section && section["Host"] is { Length: > 0 } ? section.Get<HubExOptions>() : null;

    public static void AddHubEx(this IServiceCollection services, IConfiguration configuration)
    {
        if (OptionsFrom(configuration) is not { } options) return;
        services.AddSingleton(options);
        services.AddSingleton(sp => new HubExChannel(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPartnerChannel>(sp => sp.GetRequiredService<HubExChannel>());
        services.AddSingleton(sp => new HubExDispatcher(options, sp.GetRequiredService<HubExChannel>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HubExDeadLetters(options, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<HubExLink>();
    }

    /// <summary>The HubEx clients of the rules: the partners reached on the <c>hubex</c> channel, by their client id.</summary>
    public static IReadOnlyList<string> ClientsOf(RuleSet rules) =>
        [.. rules.Partners.Listings.Select(l => l.Partner).Where(p => p.Channel == HubExChannel.ChannelName).Select(p => p.Address).Distinct()];
}

/// <summary>
/// Runs the HubEx side of the host: declares the topology of the rules' clients (again after each reload: a client
/// added gets its queues), then dispatches and reports dead letters until the host stops. A broker that does not
/// answer yet is asked again with back-off; meanwhile nothing is lost: clients' messages wait in the broker.
/// </summary>
public sealed class HubExLink(
    HubExOptions options,
    HubExDispatcher dispatcher,
    HubExDeadLetters deadLetters,
    IMessageIntake intake,
    IDeliveryFeedback feedback,
    RoutingRulesProvider rules,
    TimeProvider time,
    ILogger<HubExLink> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        rules.Reloaded += reload =>
        {
            if (reload.Applied) _ = DeclareAsync(stoppingToken);
        };
        var delay = options.ReconnectFirstDelay;
        while (!stoppingToken.IsCancellationRequested && !await DeclareAsync(stoppingToken))
        {
            await Task.Delay(delay, time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.ReconnectMaxDelay.Ticks));
        }
        log.LogInformation("HubEx {HubId} on {Host}:{Port}/{VirtualHost}: dispatching from {Queue}", options.HubId, options.Host, options.Port, options.VirtualHost, options.DispatcherQueue);
        await Task.WhenAll(dispatcher.ReceiveAsync(intake, stoppingToken), deadLetters.RunAsync(feedback, stoppingToken));
    }

    private async Task<bool> DeclareAsync(CancellationToken stoppingToken)
    {
        var clients = HubExServices.ClientsOf(rules.Current);
        try
        {
            await TopologyDeclaration.DeclareAsync(options, clients, time, stoppingToken);
            log.LogInformation("HubEx topology declared for {Count} clients: {Clients}", clients.Count, string.Join(", ", clients));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            log.LogWarning("HubEx topology not declared ({Problem}); asking the broker again", e.Message);
            return false;
        }
    }
}
