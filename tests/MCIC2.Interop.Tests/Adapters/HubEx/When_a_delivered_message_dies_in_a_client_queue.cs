using MCIC2.Interop.Adapters.HubEx.DeadLetters;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// A message the hub delivered (confirmed by the broker) that dies in the client's queue afterwards comes back through
/// the hub's dead-letter queue and is reported by its delivery id: 500 when the client rejected it, 400 when it expired.
/// </summary>
[TestClass]
public sealed class When_a_delivered_message_dies_in_a_client_queue
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_client_rejects_is_reported_500_by_its_delivery_id()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        await using var channel = new HubExChannel(broker.Options, TimeProvider.System);
        await using var client = await HubExTestClient.ConnectAsync(broker, cic35, ct);
        var feedback = new RecordingFeedback();
        await using var deadLetters = new HubExDeadLetters(broker.Options, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = deadLetters.RunAsync(feedback, stop.Token);

        Assert.AreEqual(DeliveryOutcome.Delivered, (await channel.SendAsync(When_the_hub_sends_to_a_hubex_client.Message(cic35, "Report", "d-rejected"), ct)).Outcome);
        await client.RejectAsync(await client.TakeAsync(ClientQueue.Message, ct), ct);

        await Poll.WaitUntil(() => feedback.Undelivered.Count == 1, Wait, "the dead letter reported");
        var (deliveryId, code, cause) = feedback.Undelivered.Single();
        Assert.AreEqual("d-rejected", deliveryId);
        Assert.AreEqual(HubErrorCode.DeadLetterQueued, code);
        StringAssert.Contains(cause, $"{cic35}.message (rejected)");
        await stop.CancelAsync();
        await running;
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(broker.Options.DeadLetterQueue, ct), "acknowledged once reported");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_that_expires_unread_is_reported_400_and_a_failed_report_comes_again()
    {
        var ct = TestContext.CancellationToken;
        await using var broker = new HubExTestBroker();
        var cic35 = broker.ClientId("cic35");
        await broker.ProvisionAsync(ct, cic35);
        var clock = TimeProvider.System;
        await using var channel = new HubExChannel(broker.Options, clock);
        var feedback = new RecordingFeedback { FailuresFirst = 1 };
        await using var deadLetters = new HubExDeadLetters(broker.Options, clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = deadLetters.RunAsync(feedback, stop.Token);

        var sent = await channel.SendAsync(When_the_hub_sends_to_a_hubex_client.Message(cic35, "Report", "d-expired", clock.GetUtcNow().AddSeconds(1)), ct);
        Assert.AreEqual(DeliveryOutcome.Delivered, sent.Outcome, sent.Detail);

        await Poll.WaitUntil(() => feedback.Undelivered.Count == 1, Wait, "the expired message reported");
        var (deliveryId, code, cause) = feedback.Undelivered.Single();
        Assert.AreEqual("d-expired", deliveryId);
        Assert.AreEqual(HubErrorCode.ExpiredMessageBeforeRouting, code);
        StringAssert.Contains(cause, $"expired in queue {cic35}.message");
        Assert.AreEqual(0, feedback.FailuresFirst, "the first report failed and was made again");
        await stop.CancelAsync();
        await running;
    }
}
