using MCIC2.Interop.Adapters.HubEx.DeadLetters;
using MCIC2.Interop.Adapters.HubEx.Dispatching;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Links;

/// <summary>
/// How one of the hub's AMQP links is doing: the hub's own HubEx (<c>hubex</c>) or a link to a peer HubEx.
/// </summary>
/// <param name="Connected">The hub consumes its queues there and its last publish, if any, did not fail.</param>
/// <param name="LastSentAt">The last publish the broker confirmed.</param>
/// <param name="LastReceivedAt">The last message handed from there to the intake.</param>
/// <param name="ConfirmLatencyMs">How long the broker took to confirm the last publish.</param>
/// <param name="Backlog">Deliveries waiting in the outbox for the partners reached through this link.</param>
/// <param name="LastProblem">The last connection or channel failure, until that side works again.</param>
/// <param name="LastRefusal">The code and cause of the last message from there the intake refused.</param>
public sealed record LinkReport(
    string Link,
    string Channel,
    string Peer,
    bool Connected,
    DateTimeOffset? LastSentAt,
    DateTimeOffset? LastReceivedAt,
    double? ConfirmLatencyMs,
    int Backlog,
    string? LastProblem,
    string? LastRefusal);

/// <summary>The reports of every link the host composed (none without <c>Hub:HubEx</c> or <c>Hub:Peers</c>).</summary>
public sealed class LinkReports(IServiceProvider services, SqlHubStore store, RoutingRulesProvider rules, PartnerChannels channels, ReprocessingChannel reprocessing)
{
    /// <summary>Whether the host has any AMQP link to report on (they are composed once, at start).</summary>
    public bool Any => services.GetService<HubExChannel>() is not null || services.GetService<PeerChannel>() is not null;

    public async Task<IReadOnlyList<LinkReport>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!Any) return [];
        var backlog = await BacklogAsync(cancellationToken);
        var reports = new List<LinkReport>();
        if (services.GetService<HubExChannel>() is { } sending)
        {
            var options = services.GetRequiredService<HubExOptions>();
            var (sent, dispatched, deadLetters) = (sending.Health, services.GetRequiredService<HubExDispatcher>().Health, services.GetRequiredService<HubExDeadLetters>().Health);
            reports.Add(new LinkReport(HubExChannel.ChannelName, HubExChannel.ChannelName,
                $"amqps://{options.Host}:{options.Port}/{options.VirtualHost} as {options.HubId}",
                dispatched.Connected && deadLetters.Connected && sent.LastProblem is null,
                sent.LastExchangeAt, dispatched.LastExchangeAt, sent.LastConfirmLatency?.TotalMilliseconds,
                backlog.Where(b => b.Key.Channel == HubExChannel.ChannelName).Sum(b => b.Value),
                sent.LastProblem ?? dispatched.LastProblem ?? deadLetters.LastProblem, null));
        }
        if (services.GetService<PeerChannel>() is { } peers)
        {
            reports.AddRange(peers.Health.Select(link => new LinkReport(link.Link, PeerChannel.ChannelName, link.Peer,
                link.Receiving.Connected && link.Sending.LastProblem is null,
                link.Sending.LastExchangeAt, link.Receiving.LastExchangeAt, link.Sending.LastConfirmLatency?.TotalMilliseconds,
                backlog.Where(b => b.Key.Channel == PeerChannel.ChannelName && string.Equals(b.Key.Address, link.Link, StringComparison.OrdinalIgnoreCase)).Sum(b => b.Value),
                link.Sending.LastProblem ?? link.Receiving.LastProblem, link.LastRefusal)));
        }
        MCIC2.Interop.Routing.Telemetry.HubTelemetry.ReportLinks(reports.ToDictionary(r => r.Link, r => r.Connected));
        return reports;
    }

    /// <summary>Pending deliveries by the channel and address their queue travels on now (as the workers route them).</summary>
    private async Task<IReadOnlyDictionary<(string Channel, string Address), int>> BacklogAsync(CancellationToken cancellationToken)
    {
        var current = rules.Current;
        return (await store.Outbox.PendingCountsAsync(cancellationToken))
            .Select(queue => (Route: RoutingServices.RouteOf(queue.Key, current, channels, feed: null, reprocessing), Count: queue.Value))
            .Where(q => q.Route is not null)
            .GroupBy(q => (q.Route!.Channel.Name, q.Route.Address))
            .ToDictionary(g => g.Key, g => g.Sum(q => q.Count));
    }
}

/// <summary>Logs each link's state when it changes (connected, lost and why, a refusal), checking every few seconds.</summary>
public sealed class LinkHealthLog(LinkReports reports, TimeProvider time, ILogger<LinkHealthLog> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = new Dictionary<string, LinkReport>();
        while (reports.Any && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var report in await reports.ReadAsync(stoppingToken))
                {
                    var before = last.GetValueOrDefault(report.Link);
                    last[report.Link] = report;
                    if (before is null || before.Connected != report.Connected || before.LastProblem != report.LastProblem)
                    {
                        if (report.Connected) log.LogInformation("Link {Link} ({Channel}) to {Peer} is connected", report.Link, report.Channel, report.Peer);
                        else log.LogWarning("Link {Link} ({Channel}) to {Peer} is not connected: {Problem}; backlog {Backlog}", report.Link, report.Channel, report.Peer,
                            report.LastProblem ?? "not connected yet", report.Backlog);
                    }
                    if (report.LastRefusal is not null && before?.LastRefusal != report.LastRefusal)
                        log.LogWarning("Link {Link} ({Channel}): a message from there was refused: {Refusal}", report.Link, report.Channel, report.LastRefusal);
                }
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The outbox unreadable for a moment must not end the watch.
                log.LogError(e, "Link health could not be read");
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
    }
}
