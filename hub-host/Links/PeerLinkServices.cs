using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.HubHost.Links;

/// <summary>
/// The hub's links to peer HubEx, one per section <c>Hub:Peers:&lt;name&gt;</c> (every key of <see cref="PeerLinkOptions"/>):
/// the <c>hubex-peer</c> channel for the partners the rules reach through one (their address is the link's name), and
/// the consumer of the hub's queues on every peer. No section, no channel: rules naming it are refused.
/// </summary>
public static class PeerLinkServices
{
    public const string Section = "Hub:Peers";

    /// <summary>The peer links of the settings, in their order.</summary>
    /// <exception cref="InvalidOperationException">A link's settings have mistakes: every one, with its key.</exception>
    public static IReadOnlyList<PeerLinkOptions> OptionsFrom(IConfiguration configuration)
    {
        var links = configuration.GetSection(Section).GetChildren()
            .Select(section => (section.Get<PeerLinkOptions>() ?? new PeerLinkOptions()) with { Name = section.Key })
            .ToList();
        var problems = links.SelectMany(link => link.Problems($"{Section}:{link.Name}")).ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        return links;
    }

    public static void AddPeerLinks(this IServiceCollection services, IConfiguration configuration)
    {
        var links = OptionsFrom(configuration);
        if (links.Count == 0) return;
        services.AddSingleton(sp => new PeerChannel(links.Select(options =>
            new PeerLink(options, sp.GetRequiredService<MessageFormats>(), sp.GetRequiredService<TimeProvider>()))));
        services.AddSingleton<IPartnerChannel>(sp => sp.GetRequiredService<PeerChannel>());
        services.AddHostedService<PeerLinksReceiving>();
    }
}

/// <summary>
/// Receives from every peer link until the host stops (a peer that does not answer yet is asked again with back-off;
/// meanwhile its messages wait in the peer's queues). Warns of partners the rules reach through a link that does not
/// serve them: their messages through it would be refused (200), at start and after each reload.
/// </summary>
public sealed class PeerLinksReceiving(PeerChannel peers, IMessageIntake intake, RoutingRulesProvider rules, ILogger<PeerLinksReceiving> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var link in peers.Links)
        {
            log.LogInformation("Peer link {Link}: amqps://{Host}:{Port}/{VirtualHost} as {ClientId}, sends {Encoding} to exchange {SendExchange}, serves {Serves}",
                link.Name, link.Options.Host, link.Options.Port, link.Options.VirtualHost, link.Options.ClientId, link.Options.Encoding, link.Options.SendExchange,
                string.Join(", ", link.Options.Serves));
        }
        WarnOfUnservedPartners(rules.Current);
        rules.Reloaded += reload =>
        {
            if (reload.Applied) WarnOfUnservedPartners(rules.Current);
        };
        return peers.ReceiveAsync(intake, stoppingToken);
    }

    private void WarnOfUnservedPartners(RuleSet current)
    {
        foreach (var partner in current.Partners.Listings.Select(l => l.Partner).Where(p => p.Channel == PeerChannel.ChannelName))
        {
            var link = peers.Links.First(l => string.Equals(l.Name, partner.Address, StringComparison.OrdinalIgnoreCase));
            if (!new PeerServes(link.Options.Serves).Serves(partner.Id))
                log.LogWarning("Partner {Partner} is reached through peer link {Link}, which does not serve it ({Serves}): its messages through that link will be refused (200)",
                    partner.Id, link.Name, string.Join(", ", link.Options.Serves));
        }
    }
}
