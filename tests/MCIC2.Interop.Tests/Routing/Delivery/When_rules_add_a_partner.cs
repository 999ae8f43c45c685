using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Tests.Routing.Storage;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>A rules reload adds a partner that already has deliveries waiting: its worker starts without a restart.</summary>
[TestClass]
public sealed class When_rules_add_a_partner
{
    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_partner_unknown_at_start_gets_its_deliveries_once_it_is_known(Database kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var time = new FakeTimeProvider(TestDeliveries.Start);
        var options = new DeliveryOptions { IdlePoll = TimeSpan.FromSeconds(30) };
        var partner = new ScriptedPartner();
        Partner? configured = null;
        var workers = new DeliveryWorkers(database.Outbox, queue => queue.PartnerId == DeliveryBench.Sdis35.Id && configured is { } p ? new DeliveryRoute(queue, partner, p.Address) : null,
            new RecordedDeliveryEvents(), options, time, lease: database.Store.PartnerLease);
        await database.EnqueueAsync(TestDeliveries.To(DeliveryBench.Sdis35.Id, "m1"), TestDeliveries.To(DeliveryBench.Sdis35.Id, "m2"));
        using var stop = new CancellationTokenSource();

        var running = workers.RunAsync(stop.Token);
        workers.Wake(DeliveryBench.Sdis35.Id);
        await Task.Delay(50);
        Assert.IsEmpty(partner.Offered, "not configured: left pending");

        configured = DeliveryBench.Sdis35; // the reload
        time.Advance(options.IdlePoll);   // the coordinator's next look at the outbox
        await When_a_partner_is_down_for_a_while.Eventually(() => partner.Accepted.Count == 2);

        await database.EnqueueAsync(TestDeliveries.To(DeliveryBench.Sdis35.Id, "m3"));
        workers.Wake(DeliveryBench.Sdis35.Id);
        await When_a_partner_is_down_for_a_while.Eventually(() => partner.Accepted.Count == 3);
        await stop.CancelAsync();
        await running;

        CollectionAssert.AreEqual(new[] { "m1", "m2", "m3" }, partner.Accepted.ToArray());
    }
}
