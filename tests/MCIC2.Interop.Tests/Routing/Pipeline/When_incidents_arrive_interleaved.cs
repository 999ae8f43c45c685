using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>One incident's messages are processed in the order accepted; different incidents at the same time.</summary>
[TestClass]
public sealed class When_incidents_arrive_interleaved
{
    [TestMethod]
    public async Task Each_incident_is_processed_in_order_while_incidents_run_concurrently()
    {
        using var data = new TempDirectory();
        // Held until everything is queued, so every incident has a backlog when processing starts.
        var processor = new RecordingProcessor(open: false) { WorkTime = TimeSpan.FromMilliseconds(2) };
        await using var hub = await BusUnderTest.StartAsync(BusUnderTest.Embedded(data.Path), processor);
        int[] incidents = [11, 12, 13];
        var sent = incidents.ToDictionary(i => PipelineMessages.CaseId(i), _ => new List<string>());

        for (var sequence = 0; sequence < 50; sequence++)
        {
            foreach (var incident in incidents)
            {
                var id = PipelineMessages.DistributionId(incident, sequence);
                await hub.AcceptAsync(PipelineMessages.CaseCreation(PipelineMessages.CaseId(incident), id));
                sent[PipelineMessages.CaseId(incident)].Add(id);
            }
        }
        processor.Open();

        await Poll.WaitUntil(() => processor.Processed.Count >= 150, TimeSpan.FromSeconds(30), "150 messages processed");
        foreach (var (key, ids) in sent)
        {
            CollectionAssert.AreEqual(ids, processor.DistributionIdsOf(key).ToList(), $"order of {key}");
        }
        Assert.IsGreaterThan(1, processor.PeakConcurrency, "incidents on different queues should be processed at the same time");
    }

    [TestMethod]
    public void The_queue_of_a_key_is_stable_and_the_keys_spread()
    {
        var queues = new MCIC2.Interop.Routing.Pipeline.IncidentQueues(8);

        // FNV-1a of "fr.health.samu690.DRFR1569024..." is fixed: the mapping must not change between processes.
        Assert.AreEqual(queues.For(PipelineMessages.CaseId(11)), queues.For(PipelineMessages.CaseId(11)));
        Assert.AreEqual(0x811C9DC5u, MCIC2.Interop.Routing.Pipeline.IncidentQueues.StableHash(""));
        Assert.AreEqual(0xE40C292Cu, MCIC2.Interop.Routing.Pipeline.IncidentQueues.StableHash("a"));
        var used = Enumerable.Range(0, 100).Select(i => queues.For(PipelineMessages.CaseId(i))).Distinct().Count();
        Assert.AreEqual(8, used);
    }
}
