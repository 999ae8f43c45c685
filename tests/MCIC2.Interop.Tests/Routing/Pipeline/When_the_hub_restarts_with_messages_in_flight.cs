using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>Accepted means stored: a message answered 202 is processed even if the hub stops before processing it.</summary>
[TestClass]
public sealed class When_the_hub_restarts_with_messages_in_flight
{
    [TestMethod]
    public async Task Nothing_accepted_is_lost_on_the_embedded_profile()
    {
        using var data = new TempDirectory();
        await NothingAcceptedIsLost(BusUnderTest.Embedded(data.Path));
    }

    [TestMethod]
    public async Task Nothing_accepted_is_lost_on_the_postgres_profile() =>
        await NothingAcceptedIsLost(TestPostgres.Profile(TestPostgres.NewSchema()));

    /// <summary>Accepts 20 messages while the processor holds them all, stops the hub, restarts it on the same store.</summary>
    internal static async Task NothingAcceptedIsLost(string[] settings)
    {
        var accepted = new List<string>();
        await using (var hub = await BusUnderTest.StartAsync(settings, new RecordingProcessor(open: false)))
        {
            for (var i = 0; i < 20; i++)
            {
                var id = PipelineMessages.DistributionId(20 + i % 2, i);
                await hub.AcceptAsync(PipelineMessages.CaseCreation(PipelineMessages.CaseId(20 + i % 2), id));
                accepted.Add(id);
            }
            Assert.IsEmpty(hub.Processor.Processed);
        }

        var processor = new RecordingProcessor();
        await using var restarted = await BusUnderTest.StartAsync(settings, processor);
        await Poll.WaitUntil(
            () => accepted.All(id => processor.Processed.Any(m => m.DistributionId == id)),
            TimeSpan.FromSeconds(60), "every accepted message processed after the restart");
        // Recovered messages keep their incident's order too (a message in flight at the stop may come twice: the
        // processor's dedup drops the repeat, so order is judged on first sightings).
        foreach (var incident in new[] { 20, 21 })
        {
            var key = PipelineMessages.CaseId(incident);
            var firstSightings = processor.DistributionIdsOf(key).Distinct().ToList();
            CollectionAssert.AreEqual(accepted.Where(firstSightings.Contains).ToList(), firstSightings, $"order of {key} after the restart");
        }
    }
}
