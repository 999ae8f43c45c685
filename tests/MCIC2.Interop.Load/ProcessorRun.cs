using System.Diagnostics;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.Load;

/// <summary>
/// The processor alone, one message at a time, on a fresh store of the profile: no HTTP, no bus, no delivery
/// workers, no other writer. What one message's transaction costs by itself, and whether it grows with the
/// incident (each update adds a status to the stored incident, which is read and written whole).
/// </summary>
public static class ProcessorRun
{
    public static async Task<List<(string, string)>> RunAsync(SqlHubStore store, int messages, int incidents)
    {
        await store.MigrateAsync();
        var processor = new MessageProcessor(store, new IncidentLedger(), RoutingRulesProvider.FromDefault(), TimeProvider.System);
        var byIncident = LoadMessages.Generate("P", messages, incidents);
        var all = new Latencies();
        var early = new Latencies();
        var late = new Latencies();
        var perIncident = byIncident.Max(i => i.Count);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < perIncident; round++)
        {
            foreach (var message in byIncident.Where(i => round < i.Count).Select(i => i[round]))
            {
                var started = Stopwatch.GetTimestamp();
                var result = await processor.ProcessAsync(message.Body, "application/json");
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (result.Verdict != ProcessingVerdict.Routed) throw new InvalidOperationException($"{message.DistributionId}: {result.Verdict} {result.Detail}");
                all.Record(elapsed);
                if (message.Sequence is > 0 and <= 10) early.Record(elapsed);
                if (message.Sequence >= perIncident - 10) late.Record(elapsed);
            }
        }
        var rate = messages / clock.Elapsed.TotalSeconds;
        // The codec's share: the processor decodes (and validates) each message again after the intake did.
        var decode = new Latencies();
        foreach (var message in byIncident.SelectMany(i => i))
        {
            var started = Stopwatch.GetTimestamp();
            CisuCodec.Shared.Decode(message.Body);
            decode.Record(Stopwatch.GetElapsedTime(started));
        }
        return
        [
            ($"processor alone, sequential ({messages} messages, {incidents} incidents)", $"{rate:0} /s; {all.Summary()}"),
            ("processor alone: updates 1-10 of an incident / last 10", $"{early.Summary()} / {late.Summary()}"),
            ("decode + validate one message (codec alone)", decode.Summary()),
        ];
    }
}
