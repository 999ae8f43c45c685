using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Tests.Routing.Storage;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>A message past its <c>dateTimeExpires</c> is not sent: its sender is told (RS-ERROR 400) instead.</summary>
[TestClass]
public sealed class When_a_message_expires_before_delivery
{
    [TestMethod]
    public async Task An_expired_message_is_not_sent_its_sender_is_told_and_the_queue_moves_on()
    {
        await using var bench = await DeliveryBench.StartAsync();
        var now = bench.Time.GetUtcNow();
        await bench.Database.EnqueueAsync(
            TestDeliveries.To(DeliveryBench.Sdis35.Id, "m1", expiresAt: now),
            TestDeliveries.To(DeliveryBench.Sdis35.Id, "m2", expiresAt: now.AddMinutes(5)));

        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "m2" }, bench.Partner.Offered.ToArray());
        CollectionAssert.AreEqual(new[] { "m1" }, bench.Events.Expired);
        var expired = (await bench.Database.Outbox.OfIncidentAsync("fr.police.cic35.case-1"))[0];
        Assert.AreEqual(DeliveryState.Expired, expired.State);
        Assert.AreEqual(0, expired.Attempts);
    }

    [TestMethod]
    public async Task A_message_waiting_out_an_outage_expires_at_its_expiry_not_at_its_next_retry()
    {
        await using var bench = await DeliveryBench.StartAsync();
        var expiry = bench.Time.GetUtcNow().AddSeconds(20);
        await bench.Database.EnqueueAsync(TestDeliveries.To(DeliveryBench.Sdis35.Id, "m1", expiresAt: expiry));
        bench.Partner.Down();

        await bench.DrainAsync();

        // Attempts at 0 s (x4), 1, 3, 7, 15 s; the next would be at 31 s, but the worker wakes at 20 s to expire it.
        Assert.HasCount(8, bench.Partner.Offered);
        Assert.AreEqual(TimeSpan.FromSeconds(5), bench.Waits[^1]);
        Assert.AreEqual(expiry, bench.Time.GetUtcNow());
        CollectionAssert.AreEqual(new[] { "m1" }, bench.Events.Expired);
        StringAssert.StartsWith((await bench.Database.Outbox.OfIncidentAsync("fr.police.cic35.case-1"))[0].LastError, "expired:");
    }
}
