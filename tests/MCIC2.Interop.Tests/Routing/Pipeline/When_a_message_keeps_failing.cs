using MCIC2.Interop.Routing.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>A poison message is retried (immediately, then after cooldowns), then kept in the dead letters with its
/// exception; other incidents go on meanwhile.</summary>
[TestClass]
public sealed class When_a_message_keeps_failing
{
    [TestMethod]
    public async Task It_ends_in_the_dead_letters_after_its_retries_without_blocking_other_incidents()
    {
        using var data = new TempDirectory();
        var poisonKey = PipelineMessages.CaseId(30);
        var processor = new RecordingProcessor { PoisonKey = poisonKey };
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
        var deadLetters = hub.App.Services.GetRequiredService<IWolverineRuntime>().Storage.DeadLetters;
        var dead = await FirstFound<DeadLetterEnvelope>(async () => [.. (await deadLetters.QueryAsync(new DeadLetterEnvelopeQuery(), CancellationToken.None)).Envelopes], TimeSpan.FromSeconds(20));
        var letter = dead.Single();
        // The dead letter keeps the message as stored (serialized), with the exception that killed it.
        var kept = System.Text.Json.JsonSerializer.Deserialize<AcceptedMessage>(letter.Envelope.Data!, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.AreEqual(poisonId, kept.DistributionId);
        StringAssert.Contains(letter.ExceptionMessage, "poison");
        Assert.AreEqual(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        var tries = 1 + BusUnderTest.QuickRetries.ImmediateRetries + BusUnderTest.QuickRetries.Cooldowns.Count;
        Assert.AreEqual(tries, processor.Attempts - others.Count, "first try, immediate retries, one per cooldown");
    }

    private static async Task<IReadOnlyList<T>> FirstFound<T>(Func<Task<IReadOnlyList<T>>> read, TimeSpan timeout)
    {
        IReadOnlyList<T> found = [];
        if (!await Poll.UntilAsync(async () => (found = await read()).Count > 0, timeout, TimeSpan.FromMilliseconds(50)))
            Assert.Fail($"nothing in the dead letters after {timeout.TotalSeconds} s");
        return found;
    }
}
