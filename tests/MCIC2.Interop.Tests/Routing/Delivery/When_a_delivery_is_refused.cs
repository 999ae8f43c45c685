using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>A partner that answers 4xx will not accept the message on a retry: it goes to the dead letters at once.</summary>
[TestClass]
public sealed class When_a_delivery_is_refused
{
    [TestMethod]
    public async Task It_is_dead_lettered_at_once_with_the_partners_reason_and_the_next_one_goes()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1", "m2");
        bench.Partner.Refuse("m1", "HTTP 422 UnprocessableEntity: unknown caseId");

        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "m1", "m2" }, bench.Partner.Offered.ToArray(), "one attempt, no retry");
        CollectionAssert.AreEqual(new[] { "m2" }, bench.Partner.Accepted.ToArray());
        var deadLetter = (await bench.Database.Outbox.DeadLettersAsync(DeliveryBench.Sdis35.Id)).Single();
        Assert.AreEqual(DeliveryState.DeadLettered, deadLetter.State);
        Assert.AreEqual(1, deadLetter.Attempts);
        Assert.AreEqual("refused: HTTP 422 UnprocessableEntity: unknown caseId", deadLetter.LastError);
        Assert.AreEqual(("m1", "refused (HTTP 422)"), bench.Events.DeadLettered.Single(), "the sender hears the transport's code, not the partner's text");
        Assert.IsEmpty(bench.Waits);
    }

    [TestMethod]
    public async Task An_adapter_that_throws_is_retried_not_dead_lettered()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1");
        var worker = new PartnerDeliveryWorker(bench.Route with { Channel = new ThrowingPartner() }, bench.Database.Outbox, bench.Events, bench.Options, bench.Time);

        await worker.StepAsync();

        var head = (await bench.Database.Outbox.NextPendingAsync(DeliveryBench.Sdis35.Id))!;
        Assert.AreEqual(1, head.Attempts);
        Assert.AreEqual("transient: IOException: socket closed", head.LastError);
    }

    private sealed class ThrowingPartner : MCIC2.Interop.PartnerLinks.Channels.IPartnerChannel
    {
        public string Name => "throwing";

        public string? CheckAddress(string address) => null;

        public Task<MCIC2.Interop.PartnerLinks.Channels.DeliveryResult> SendAsync(MCIC2.Interop.PartnerLinks.Channels.OutgoingMessage message, CancellationToken cancellationToken) =>
            throw new IOException("socket closed");
    }
}
