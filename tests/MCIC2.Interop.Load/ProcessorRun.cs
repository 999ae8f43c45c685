using System.Diagnostics;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
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
        var links = MCIC2.Interop.HubHost.Links.PartnerLinkServices.Default();
        var rules = RoutingRulesProvider.FromDefault(links);
        var processor = new MessageProcessor(store, new IncidentLedger(), rules, links.Formats, TimeProvider.System);
        var byIncident = LoadMessages.Generate("P", messages, incidents, [LoadMessages.Sdis35], TimeProvider.System);
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
                var result = await processor.ProcessAsync(message.Body, "cisu-json");
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (result.Verdict != ProcessingVerdict.Routed) throw new InvalidOperationException($"{message.DistributionId}: {result.Verdict} {result.Detail}");
                all.Record(elapsed);
                if (message.Sequence is > 0 and <= 10) early.Record(elapsed);
                if (message.Sequence >= perIncident - 10) late.Record(elapsed);
            }
        }
        var rate = messages / clock.Elapsed.TotalSeconds;
        // The store's share of a delivery, without HTTP: what a worker does around each POST (read its head, mark it delivered).
        var outbox = new Latencies();
        foreach (var partner in rules.Current.Partners.Listings.Select(l => l.Partner.Id))
        {
            while (await store.Outbox.NextPendingAsync(partner) is { } head)
            {
                var started = Stopwatch.GetTimestamp();
                await store.Outbox.MarkDeliveredAsync(head.Sequence, TimeProvider.System.GetUtcNow());
                await store.Outbox.NextPendingAsync(partner);
                outbox.Record(Stopwatch.GetElapsedTime(started));
            }
        }
        // The codec's share: the processor decodes (and validates) each message again after the intake did.
        // and encodes (and validates) one copy per recipient: EMSI XML for the CORG, CISU JSON for the SAMU, an RC-REF.
        var decode = new Latencies();
        var encode = new Latencies();
        foreach (var message in byIncident.SelectMany(i => i))
        {
            var started = Stopwatch.GetTimestamp();
            var decoded = CisuCodec.Shared.Decode(message.Body).Message;
            decode.Record(Stopwatch.GetElapsedTime(started));
            started = Stopwatch.GetTimestamp();
            CisuCodec.Shared.Encode(decoded, CisuEncoding.Xml, "EMSI");
            CisuCodec.Shared.Encode(decoded, CisuEncoding.Json);
            encode.Record(Stopwatch.GetElapsedTime(started));
        }
        return
        [
            ($"processor alone, sequential ({messages} messages, {incidents} incidents)", $"{rate:0} /s; {all.Summary()}"),
            ("processor alone: updates 1-10 of an incident / last 10", $"{early.Summary()} / {late.Summary()}"),
            ($"outbox alone: mark delivered + read the next ({outbox.Count} deliveries, sequential)", outbox.Summary()),
            ("codec alone: decode + validate one message", decode.Summary()),
            ("codec alone: encode + validate its EMSI XML and CISU JSON copies", encode.Summary()),
        ];
    }
}
