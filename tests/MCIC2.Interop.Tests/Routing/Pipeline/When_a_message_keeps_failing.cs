using System.Diagnostics;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>
/// A message whose processing fails: a transient failure (the store's trouble) is retried inline, immediately then
/// after cooldowns; any other is not retried, so the incident queue it holds moves on at once. Either way it ends on
/// the dead-letter desk (<c>mcic2 dlq list</c>), not only in the bus's own table.
/// </summary>
[TestClass]
public sealed class When_a_message_keeps_failing
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_transient_failure_is_retried_inline_then_the_message_reaches_the_dead_letter_desk()
    {
        using var data = new TempDirectory();
        var poisonKey = PipelineMessages.CaseId(30);
        var processor = new RecordingProcessor { PoisonKey = poisonKey, PoisonFailure = m => new TimeoutException($"store busy for {m.DistributionId}") };
        await using var hub = await BusUnderTest.StartAsync(BusUnderTest.Embedded(data.Path), processor);
        var poisonId = PipelineMessages.DistributionId(30, 0);
        var others = new List<string>();

        await hub.AcceptAsync(PipelineMessages.CaseCreation(poisonKey, poisonId));
        for (var i = 0; i < 10; i++)
        {
            var incident = 31 + i % 2;
            var id = PipelineMessages.DistributionId(incident, i);
            await hub.AcceptAsync(PipelineMessages.CaseCreation(PipelineMessages.CaseId(incident), id));
            others.Add(id);
        }

        await Poll.WaitUntil(() => others.All(id => processor.Processed.Any(m => m.DistributionId == id)), TimeSpan.FromSeconds(20), "the other incidents processed");
        var letter = await OnTheDeskAsync(hub, poisonId);
        Assert.AreEqual((UnprocessedMessages.QueueId, poisonKey), (letter.Delivery.PartnerId, letter.Delivery.IncidentKey));
        StringAssert.StartsWith(letter.LastError, "not processed (bus dead letter): TimeoutException: store busy");
        Assert.AreEqual("not processed (bus dead letter): TimeoutException", DeadLetterDesk.FailureGroupOf(letter));
        var tries = 1 + BusUnderTest.QuickRetries.ImmediateRetries + BusUnderTest.QuickRetries.Cooldowns.Count;
        Assert.AreEqual(tries, processor.Attempts - others.Count, "first try, immediate retries, one per cooldown");
        // Deleted from the bus's table once on the desk (a moment later).
        Assert.IsTrue(await Poll.UntilAsync(async () => (await BusDeadLettersOf(hub)).Count == 0, TimeSpan.FromSeconds(10)), "moved from the bus's table to the desk");
    }

    [TestMethod]
    [DataRow("embedded")]
    [DataRow("postgres")]
    public async Task A_failure_retrying_cannot_fix_is_tried_once_and_the_next_incident_of_its_queue_goes_on_at_once(string profile)
    {
        using var data = new TempDirectory();
        var queues = new IncidentQueues(8);
        var poisonKey = PipelineMessages.CaseId(40);
        // Another incident that hashes to the poison's queue: it can only be processed once the poison let go.
        var neighbourKey = Enumerable.Range(41, 100).Select(PipelineMessages.CaseId).First(key => queues.For(key) == queues.For(poisonKey));
        var processor = new RecordingProcessor { PoisonKey = poisonKey, PoisonFailure = m => new ArgumentException($"'\uFFFE', hexadecimal value 0xFFFE, is an invalid character. ({m.DistributionId})") };
        var settings = profile == "embedded" ? BusUnderTest.Embedded(data.Path) : TestPostgres.Profile(TestPostgres.NewSchema());
        await using var hub = await BusUnderTest.StartAsync(settings, processor);
        var poisonId = PipelineMessages.DistributionId(40, 0);
        var neighbourId = PipelineMessages.DistributionId(41, 1);

        await hub.AcceptAsync(PipelineMessages.CaseCreation(poisonKey, poisonId));
        await hub.AcceptAsync(PipelineMessages.CaseCreation(neighbourKey, neighbourId));

        await Poll.WaitUntil(() => processor.Processed.Any(m => m.DistributionId == neighbourId), TimeSpan.FromSeconds(20), "the neighbour processed");
        var attempts = processor.AttemptLog;
        Assert.AreEqual(1, attempts.Count(a => a.DistributionId == poisonId), "no retry of a failure that cannot pass");
        var waited = Stopwatch.GetElapsedTime(attempts.First(a => a.DistributionId == poisonId).StartedAt, attempts.First(a => a.DistributionId == neighbourId).StartedAt);
        TestContext.WriteLine($"{profile}: the neighbour's processing started {waited.TotalMilliseconds:0} ms after the poison's only attempt");
        var letter = await OnTheDeskAsync(hub, poisonId);
        StringAssert.StartsWith(letter.LastError, "not processed (bus dead letter): ArgumentException: '?', hexadecimal value 0xFFFE", "the character quoted printable");
    }

    /// <summary>The message's dead letter as the desk lists it (the host moves the bus's dead letters every few seconds).</summary>
    private static async Task<StoredDelivery> OnTheDeskAsync(BusUnderTest hub, string distributionId)
    {
        var desk = new DeadLetterDesk(hub.App.Services.GetRequiredService<SqlHubStore>().Outbox, TimeProvider.System);
        var filter = new DeadLetterFilter(PartnerId: UnprocessedMessages.QueueId, DeliveryId: $"{distributionId}@{UnprocessedMessages.QueueId}");
        IReadOnlyList<StoredDelivery> found = [];
        if (!await Poll.UntilAsync(async () => (found = await desk.ListAsync(filter)).Count > 0, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)))
            Assert.Fail($"{distributionId} not on the dead-letter desk after 20 s");
        return found.Single();
    }

    private static async Task<List<Wolverine.Persistence.Durability.DeadLetterEnvelope>> BusDeadLettersOf(BusUnderTest hub) =>
        (await hub.App.Services.GetRequiredService<IWolverineRuntime>().Storage.DeadLetters.QueryAsync(new DeadLetterEnvelopeQuery(), CancellationToken.None)).Envelopes;
}
