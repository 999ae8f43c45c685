using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Load;

/// <summary>When a message was posted and when the hub answered 202.</summary>
public sealed record Posted(DateTimeOffset Started, DateTimeOffset Answered);

/// <summary>
/// The real hub in-process on the chosen profile, every partner endpoint on one recording partner: a warm-up (which
/// also tells how many deliveries each family fans out to), then the measured run.
/// </summary>
public sealed class RoutedRun(LoadOptions options, string directory, string? postgres)
{
    public async Task<IReadOnlyList<(string Measure, string Value)>> RunAsync()
    {
        await using var partners = await RecordingPartner.StartAsync();
        var settings = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--Hub:Profile", options.Profile,
            "--Hub:DataDirectory", Path.Combine(directory, "data"),
            "--Hub:Rules", WriteRules(directory, partners.BaseAddress),
            "--Hub:DrainTimeout", "00:00:02",
            "--Serilog:MinimumLevel:Default", "Warning",
        };
        if (postgres is not null) settings.AddRange(["--Hub:Postgres", postgres, "--Hub:SingleNode", "true"]);
        var app = HubHostBuilder.Build([.. settings], services =>
        {
            services.AddSingleton(sp => new TimedProcessor(new RoutingMessageProcessor(sp.GetRequiredService<MessageProcessor>(), sp.GetRequiredService<DeliveryWorkers>(), sp.GetRequiredService<MessageFormats>())));
            services.AddSingleton<IMessageProcessor>(sp => sp.GetRequiredService<TimedProcessor>());
        });
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var timed = app.Services.GetRequiredService<TimedProcessor>();
            var tracker = new DeliveryTracker(partners);

            var warmupIncidents = Math.Clamp(options.Warmup / 20, 1, 10);
            Console.WriteLine($"warm-up: {options.Warmup} messages over {warmupIncidents} incidents");
            var warmup = LoadMessages.Generate("W", options.Warmup, warmupIncidents, TimeProvider.System);
            await PostAllAsync(http, warmup);
            var fanOut = await FanOutAsync(partners, tracker, warmup);
            Console.WriteLine("fan-out per message: " + string.Join(", ", fanOut.Select(f => $"{f.Key} → {string.Join(" + ", f.Value)}")));

            Console.WriteLine($"measured: {options.Messages} messages over {options.Incidents} incidents, {Clients}");
            var measured = LoadMessages.Generate("M", options.Messages, options.Incidents, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var posted = options.Rate > 0 ? await PostPacedAsync(http, measured, options.Rate) : await PostAllAsync(http, measured);
            Console.WriteLine($"posted in {clock.Elapsed.TotalSeconds:0.0} s; waiting for the deliveries");
            var expected = measured.SelectMany(i => i).Sum(m => fanOut[m.Family].Count);
            var deliveries = await WaitForAsync(tracker, "M", expected);
            Console.WriteLine($"delivered in {clock.Elapsed.TotalSeconds:0.0} s");
            var figures = Figures(measured.SelectMany(i => i).ToList(), posted, timed.Times, deliveries, fanOut);
            figures.Add(await HttpDeliveryAloneAsync(partners));
            return figures;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private string Clients => options.Rate > 0 ? $"paced at {options.Rate} messages/s" : $"{options.Concurrency} clients as fast as answered";

    /// <summary>The HTTP share of a delivery: the hub's own HTTP delivery to the recorder, sequential, no store.</summary>
    private static async Task<(string, string)> HttpDeliveryAloneAsync(RecordingPartner partners)
    {
        const int count = 500;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var delivery = new HttpPartnerChannel(http);
        var body = new byte[4096];
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await delivery.SendAsync(new OutgoingMessage($"probe-{i}", "probe", partners.EndpointOf("probe").ToString(), "probe", "RC-RI", "Update", "application/json", body), CancellationToken.None);
            if (result.Outcome != DeliveryOutcome.Delivered) throw new InvalidOperationException($"probe delivery: {result.Outcome} {result.Detail}");
            latencies.Record(Stopwatch.GetElapsedTime(started));
        }
        return ($"HTTP delivery alone: one POST to the recorder ({count}, sequential, no store)", latencies.Summary());
    }

    /// <summary>The shipped rules with every partner endpoint (and backup) on the recorder.</summary>
    private static string WriteRules(string directory, Uri recorder) =>
        RuleSetLoader.CopyDefaultTo(Path.Combine(directory, "rules"), recorder);

    /// <summary>
    /// Posts with <see cref="LoadOptions.Concurrency"/> clients; client k owns incidents k, k + C, ... and posts them
    /// round-robin, each message after the previous one of its incident was answered (order kept per incident).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Posted>> PostAllAsync(HttpClient http, IReadOnlyList<IReadOnlyList<LoadMessage>> incidents)
    {
        var posted = new ConcurrentDictionary<string, Posted>();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async client =>
        {
            var mine = incidents.Where((_, index) => index % options.Concurrency == client).ToList();
            var rounds = mine.Count == 0 ? 0 : mine.Max(incident => incident.Count);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var message in mine.Where(incident => round < incident.Count).Select(incident => incident[round])) await PostAsync(http, message, posted);
            }
        }));
        return posted;
    }

    /// <summary>
    /// Posts at <paramref name="rate"/> messages per second in all (an open loop: the schedule does not wait for the
    /// hub), incidents round-robin; a message still waits for the answer to the previous one of its incident.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, Posted>> PostPacedAsync(HttpClient http, IReadOnlyList<IReadOnlyList<LoadMessage>> incidents, double rate)
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
                previous[message.Incident] = PostAfterAsync(previous[message.Incident], message);
            }
        }
        await Task.WhenAll(previous);
        return posted;

        async Task PostAfterAsync(Task before, LoadMessage message)
        {
            await before;
            await PostAsync(http, message, posted);
        }
    }

    /// <summary>Posts one message, records when it was sent and when the hub answered (202, or the run fails).</summary>
    private static async Task PostAsync(HttpClient http, LoadMessage message, ConcurrentDictionary<string, Posted> posted)
    {
        var started = TimeProvider.System.GetUtcNow();
        using var response = await http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(message.Body));
        var answered = TimeProvider.System.GetUtcNow();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"{message.DistributionId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        posted[message.DistributionId] = new Posted(started, answered);
    }

    /// <summary>Which partners each family reaches (learnt from the warm-up, which must agree with itself).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FanOutAsync(RecordingPartner partners, DeliveryTracker tracker, IReadOnlyList<IReadOnlyList<LoadMessage>> warmup)
    {
        var messages = warmup.SelectMany(i => i).ToList();
        // Every message has at least its acknowledgement; then wait until nothing more arrives for a while.
        await WaitForAsync(tracker, "W", messages.Count);
        var count = -1;
        while (count != partners.Received.Count)
        {
            count = partners.Received.Count;
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        var bySource = tracker.Of("W").ToLookup(t => t.Source, t => t.Delivery.PartnerId);
        var fanOut = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var message in messages)
        {
            var reached = bySource[message.DistributionId].Order(StringComparer.Ordinal).ToList();
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
        var lastProcessed = messages.Max(m => processed[m.DistributionId].Finished);
        var lastDelivery = deliveries.Max(d => d.Delivery.ReceivedAt);
        var intake = new Latencies();
        var busWait = new Latencies();
        var processing = new Latencies();
        foreach (var message in messages)
        {
            var post = posted[message.DistributionId];
            var times = processed[message.DistributionId];
            intake.Record(post.Answered - post.Started);
            busWait.Record(times.Started - post.Answered);
            processing.Record(times.Finished - times.Started);
        }
        var endToEnd = new Latencies();
        var deliveryLag = new Latencies();
        foreach (var (source, delivery) in deliveries)
        {
            endToEnd.Record(delivery.ReceivedAt - posted[source].Started);
            deliveryLag.Record(delivery.ReceivedAt - processed[source].Finished);
        }
        // Does delivery slow down as the outbox grows? Deliveries per second over the first and the last quarter.
        var arrivals = deliveries.Select(d => d.Delivery.ReceivedAt).Order().ToList();
        var quarter = arrivals.Count / 4;
        double QuarterRate(int from) => quarter / Math.Max(0.001, (arrivals[from + quarter - 1] - arrivals[from]).TotalSeconds);
        string Rate(int count, DateTimeOffset until) => $"{count / (until - firstPost).TotalSeconds:0} /s ({(until - firstPost).TotalSeconds:0.0} s)";
        return
        [
            ("profile", $"{options.Profile}: {messages.Count} messages, {options.Incidents} incidents, {Clients}"),
            ("fan-out", string.Join("; ", fanOut.Select(f => $"{f.Key} → {f.Value.Count}")) + $" ({deliveries.Count} deliveries)"),
            ("end-to-end routed throughput (first post → last delivery)", Rate(messages.Count, lastDelivery) + $", {deliveries.Count / (lastDelivery - firstPost).TotalSeconds:0} deliveries/s"),
            ("intake rate (first post → last 202)", Rate(messages.Count, lastAnswer)),
            ("processing rate (first post → last processed)", Rate(messages.Count, lastProcessed)),
            ("delivery latency, post → partner (p50 / p99 / max)", endToEnd.Summary()),
            ("intake latency, POST → 202", intake.Summary()),
            ("bus wait, 202 → processing starts", busWait.Summary()),
            ("processing, one store transaction", processing.Summary()),
            ("delivery lag, processed → partner", deliveryLag.Summary()),
            ("deliveries/s, first quarter / last quarter of them", $"{QuarterRate(0):0} / {QuarterRate(arrivals.Count - quarter):0}"),
        ];
    }
}
