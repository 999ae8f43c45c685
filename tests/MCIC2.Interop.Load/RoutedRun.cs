using System.Collections.Concurrent;
using System.Diagnostics;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Handovers;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MCIC2.Interop.Load;

/// <summary>When a message was sent and when the hub (HTTP 202) or the broker (publisher confirm) took it.</summary>
public sealed record Posted(DateTimeOffset Started, DateTimeOffset Answered);

/// <summary>
/// The real hub in-process on the chosen profile, its partners on the chosen channel: a warm-up (which also tells
/// how many deliveries each family fans out to), then the measured run.
/// </summary>
public sealed class RoutedRun(LoadOptions options, string directory, string? postgres)
{
    public async Task<IReadOnlyList<(string Measure, string Value)>> RunAsync(ILoadChannel channel)
    {
        var settings = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--Hub:Profile", options.Profile,
            "--Hub:DataDirectory", Path.Combine(directory, "data"),
            "--Hub:DrainTimeout", "00:00:02",
            "--Serilog:MinimumLevel:Default", "Warning",
        };
        if (postgres is not null) settings.AddRange(["--Hub:Postgres", postgres, "--Hub:SingleNode", "true"]);
        var app = await channel.StartHubAsync(settings, services =>
        {
            // The load's partners never acknowledge a handover: past the 2 minutes a slow run can take, the hub would
            // resend handovers to backup addresses (more deliveries, more work) and the run would measure that too.
            services.AddSingleton(new IncidentLedger(HandoverOptions.Default with { AckTimeout = TimeSpan.FromDays(1) }));
            services.AddSingleton(sp => new TimedProcessor(new RoutingMessageProcessor(sp.GetRequiredService<MessageProcessor>(), sp.GetRequiredService<DeliveryWorkers>(), sp.GetRequiredService<MessageFormats>(), sp.GetRequiredService<ILogger<RoutingMessageProcessor>>())));
            services.AddSingleton<IMessageProcessor>(sp => sp.GetRequiredService<TimedProcessor>());
        });
        try
        {
            var timed = app.Services.GetRequiredService<TimedProcessor>();
            var tracker = new DeliveryTracker(channel);
            var senders = channel.Senders.ToDictionary(s => s.Id);
            var senderIds = channel.Senders.Select(s => s.Id).ToList();

            var warmupIncidents = Math.Clamp(options.Warmup / 20, 1, 10);
            Console.WriteLine($"warm-up: {options.Warmup} messages over {warmupIncidents} incidents");
            var warmup = LoadMessages.Generate("W", options.Warmup, warmupIncidents, senderIds, TimeProvider.System);
            await SendAllAsync(senders, warmup);
            var fanOut = await FanOutAsync(channel, tracker, warmup);
            Console.WriteLine("fan-out per message: " + string.Join(", ", fanOut.Select(f => $"{f.Key} → {string.Join(" + ", f.Value)}")));

            Console.WriteLine($"measured: {options.Messages} messages over {options.Incidents} incidents, {Clients}");
            var measured = LoadMessages.Generate("M", options.Messages, options.Incidents, senderIds, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var posted = options.Rate > 0 ? await SendPacedAsync(senders, measured, options.Rate) : await SendAllAsync(senders, measured);
            Console.WriteLine($"sent in {clock.Elapsed.TotalSeconds:0.0} s; waiting for the deliveries");
            var expected = measured.SelectMany(i => i).Sum(m => fanOut[m.Family].Count);
            var deliveries = await WaitForAsync(tracker, "M", expected);
            Console.WriteLine($"delivered in {clock.Elapsed.TotalSeconds:0.0} s");
            var figures = Figures(measured.SelectMany(i => i).ToList(), posted, timed.Times, deliveries, fanOut);
            Console.WriteLine($"{options.Channel} transport alone");
            figures.AddRange(await channel.TransportAloneAsync());
            return figures;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private string Clients => options.Rate > 0
        ? $"paced at {options.Rate} messages/s"
        : options.Channel == LoadOptions.HubExChannel ? $"{options.Concurrency} HubEx clients, each publishing once the last was confirmed" : $"{options.Concurrency} clients as fast as answered";

    /// <summary>
    /// Sends with <see cref="LoadOptions.Concurrency"/> clients; client k owns incidents k, k + C, ... and sends them
    /// round-robin, each message once the previous one of its incident was taken (order kept per incident).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Posted>> SendAllAsync(IReadOnlyDictionary<string, ILoadSender> senders, IReadOnlyList<IReadOnlyList<LoadMessage>> incidents)
    {
        var posted = new ConcurrentDictionary<string, Posted>();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async client =>
        {
            var mine = incidents.Where((_, index) => index % options.Concurrency == client).ToList();
            var rounds = mine.Count == 0 ? 0 : mine.Max(incident => incident.Count);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var message in mine.Where(incident => round < incident.Count).Select(incident => incident[round]))
                    posted[message.DistributionId] = await senders[message.Sender].SendAsync(message);
            }
        }));
        return posted;
    }

    /// <summary>
    /// Sends at <paramref name="rate"/> messages per second in all (an open loop: the schedule does not wait for the
    /// hub), incidents round-robin; a message still waits until the previous one of its incident was taken.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, Posted>> SendPacedAsync(IReadOnlyDictionary<string, ILoadSender> senders, IReadOnlyList<IReadOnlyList<LoadMessage>> incidents, double rate)
    {
        var posted = new ConcurrentDictionary<string, Posted>();
        var previous = incidents.Select(_ => Task.CompletedTask).ToArray();
        var schedule = Stopwatch.StartNew();
        var index = 0;
        for (var round = 0; round < incidents.Max(incident => incident.Count); round++)
        {
            foreach (var message in incidents.Where(incident => round < incident.Count).Select(incident => incident[round]))
            {
                var due = TimeSpan.FromSeconds(index++ / rate) - schedule.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                previous[message.Incident] = SendAfterAsync(previous[message.Incident], message);
            }
        }
        await Task.WhenAll(previous);
        return posted;

        async Task SendAfterAsync(Task before, LoadMessage message)
        {
            await before;
            posted[message.DistributionId] = await senders[message.Sender].SendAsync(message);
        }
    }

    /// <summary>Which partners each family reaches (learnt from the warm-up, which must agree with itself); a message's
    /// own sender is named "sender" (the load may have several).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FanOutAsync(ILoadChannel channel, DeliveryTracker tracker, IReadOnlyList<IReadOnlyList<LoadMessage>> warmup)
    {
        var messages = warmup.SelectMany(i => i).ToList();
        // Every message has at least its acknowledgement; then wait until nothing more arrives for a while.
        await WaitForAsync(tracker, "W", messages.Count);
        var count = -1;
        while (count != channel.Received.Count)
        {
            count = channel.Received.Count;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        var bySource = tracker.Of("W").ToLookup(t => t.Source, t => t.Delivery.PartnerId);
        var fanOut = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var message in messages)
        {
            var reached = bySource[message.DistributionId].Select(p => p == message.Sender ? "sender" : p).Order(StringComparer.Ordinal).ToList();
            if (!fanOut.TryAdd(message.Family, reached) && !fanOut[message.Family].SequenceEqual(reached))
                throw new InvalidOperationException($"{message.DistributionId} reached {string.Join(", ", reached)}, other {message.Family} messages {string.Join(", ", fanOut[message.Family])}");
        }
        return fanOut;
    }

    /// <summary>Waits (bounded) until <paramref name="expected"/> distinct deliveries of the run's messages arrived.</summary>
    private async Task<IReadOnlyList<TrackedDelivery>> WaitForAsync(DeliveryTracker tracker, string runPrefix, int expected)
    {
        var deadline = DateTime.UtcNow + options.Timeout;
        var lastReport = DateTime.UtcNow;
        while (true)
        {
            var mine = tracker.Of(runPrefix);
            if (mine.Count >= expected) return mine;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{mine.Count} of {expected} deliveries arrived within {options.Timeout}");
            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  {mine.Count} of {expected} deliveries");
                lastReport = DateTime.UtcNow;
            }
            await Task.Delay(200);
        }
    }

    private List<(string, string)> Figures(IReadOnlyList<LoadMessage> messages, IReadOnlyDictionary<string, Posted> posted,
        IReadOnlyDictionary<string, ProcessingTimes> processed, IReadOnlyList<TrackedDelivery> deliveries, IReadOnlyDictionary<string, IReadOnlyList<string>> fanOut)
    {
        var firstPost = posted.Values.Min(p => p.Started);
        var lastAnswer = posted.Values.Max(p => p.Answered);
        var lastTaken = messages.Max(m => processed[m.DistributionId].Received);
        var lastProcessed = messages.Max(m => processed[m.DistributionId].Finished);
        var lastDelivery = deliveries.Max(d => d.Delivery.ReceivedAt);
        var hubEx = options.Channel == LoadOptions.HubExChannel;
        var intake = new Latencies();
        var dispatcherWait = new Latencies();
        var busWait = new Latencies();
        var processing = new Latencies();
        foreach (var message in messages)
        {
            var post = posted[message.DistributionId];
            var times = processed[message.DistributionId];
            intake.Record(post.Answered - post.Started);
            // Over HTTP the intake runs inside the POST, before its 202; over the HubEx after the confirm, once the
            // dispatcher took the message from its queue.
            dispatcherWait.Record(times.Received - post.Answered);
            busWait.Record(times.Started - (hubEx ? times.Received : post.Answered));
            processing.Record(times.Finished - times.Started);
        }
        var endToEnd = new Latencies();
        var routedLag = new Latencies();
        var acknowledgementLag = new Latencies();
        var senderOf = messages.ToDictionary(m => m.DistributionId, m => m.Sender);
        foreach (var (source, delivery) in deliveries)
        {
            endToEnd.Record(delivery.ReceivedAt - posted[source].Started);
            (delivery.PartnerId == senderOf[source] ? acknowledgementLag : routedLag).Record(delivery.ReceivedAt - processed[source].Finished);
        }
        // Does delivery slow down as the outbox grows? Deliveries per second over the first and the last quarter.
        var arrivals = deliveries.Select(d => d.Delivery.ReceivedAt).Order().ToList();
        var quarter = arrivals.Count / 4;
        double QuarterRate(int from) => quarter / Math.Max(0.001, (arrivals[from + quarter - 1] - arrivals[from]).TotalSeconds);
        string Rate(int count, DateTimeOffset until) => $"{count / (until - firstPost).TotalSeconds:0} /s ({(until - firstPost).TotalSeconds:0.0} s)";
        // Over the HubEx the client's answer is the broker's confirm, not the hub's: the hub's intake comes later.
        var (send, taken, answer) = hubEx ? ("publish", "confirm", "publish") : ("POST", "202", "intake");
        List<(string, string)> dispatcherRate = hubEx ? [("the hub's intake rate (first publish → last taken from the dispatcher queue)", Rate(messages.Count, lastTaken))] : [];
        List<(string, string)> busRows = hubEx
            ? [("dispatcher queue, confirm → the hub's intake takes it", dispatcherWait.Summary()), ("bus wait, intake → processing starts", busWait.Summary())]
            : [("bus wait, 202 → processing starts", busWait.Summary())];
        return
        [
            ("profile", $"{options.Profile}, {options.Channel}: {messages.Count} messages, {options.Incidents} incidents, {Clients}"),
            ("fan-out", string.Join("; ", fanOut.Select(f => $"{f.Key} → {f.Value.Count}")) + $" ({deliveries.Count} deliveries)"),
            ($"end-to-end routed throughput (first {send} → last delivery)", Rate(messages.Count, lastDelivery) + $", {deliveries.Count / (lastDelivery - firstPost).TotalSeconds:0} deliveries/s"),
            ($"{answer} rate (first {send} → last {taken})", Rate(messages.Count, lastAnswer)),
            .. dispatcherRate,
            ($"processing rate (first {send} → last processed)", Rate(messages.Count, lastProcessed)),
            ($"delivery latency, {send} → partner (p50 / p95 / p99 / max)", endToEnd.Summary(50, 95, 99)),
            ($"{answer} latency, {send} → {taken}", intake.Summary()),
            .. busRows,
            ("processing, one store transaction", processing.Summary()),
            ("delivery lag, processed → recipient (the routed copies)", routedLag.Summary(50, 95, 99)),
            ("delivery lag, processed → sender (its RC-REF)", acknowledgementLag.Summary(50, 95, 99)),
            ("deliveries/s, first quarter / last quarter of them", $"{QuarterRate(0):0} / {QuarterRate(arrivals.Count - quarter):0}"),
        ];
    }
}
