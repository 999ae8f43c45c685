using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Tests.Routing.Storage;
using Microsoft.Extensions.Time.Testing;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>Two hub processes on one PostgreSQL store: one worker per partner delivers (it holds the partner's
/// advisory lock), the other waits, and takes the partner over when the first stops.</summary>
[TestClass]
public sealed class When_two_hub_nodes_share_a_store
{
    private static readonly DeliveryOptions Options = new() { IdlePoll = TimeSpan.FromHours(1), LeaseRetry = TimeSpan.FromSeconds(5) };

    [TestMethod]
    public async Task Each_delivery_is_delivered_once_in_order_and_the_second_node_takes_over_when_the_first_stops()
    {
        await using var database = await TestDatabase.CreateAsync(Database.Postgres);
        var time = new FakeTimeProvider(TestDeliveries.Start);
        var events = new RecordedDeliveryEvents();
        var (first, second) = (new ScriptedPartner(), new ScriptedPartner());
        DeliveryWorkers Node(ScriptedPartner partner) =>
            new(database.Outbox, [new DeliveryRoute(DeliveryBench.Sdis35.Id, partner, DeliveryBench.Sdis35.Address)], events, Options, time, lease: database.Store.PartnerLease);
        var (firstNode, secondNode) = (Node(first), Node(second));
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();

        await EnqueueAsync(database, 1, 10);
        var firstRunning = firstNode.RunAsync(stopFirst.Token);
        await Eventually(time, () => first.Accepted.Count == 10);
        var secondRunning = secondNode.RunAsync(stopSecond.Token);

        for (var batch = 0; batch < 5; batch++)
        {
            await EnqueueAsync(database, 11 + batch * 4, 4);
            firstNode.Wake(DeliveryBench.Sdis35.Id);
            secondNode.Wake(DeliveryBench.Sdis35.Id);
            time.Advance(Options.LeaseRetry); // the second node asks for the lease again, and is refused
        }
        await Eventually(time, () => first.Accepted.Count == 30);
        await DrainedAsync(database);
        await Task.Delay(50);
        Assert.IsEmpty(second.Offered, "the node without the lease delivered nothing");

        await stopFirst.CancelAsync();
        await firstRunning;
        await EnqueueAsync(database, 31, 10);
        secondNode.Wake(DeliveryBench.Sdis35.Id);
        await Eventually(time, () => second.Accepted.Count == 10);
        await DrainedAsync(database);

        await stopSecond.CancelAsync();
        await secondRunning;
        CollectionAssert.AreEqual(Ids(1, 30), first.Accepted.ToArray());
        CollectionAssert.AreEqual(Ids(1, 30), first.Offered.ToArray(), "each delivery offered once");
        CollectionAssert.AreEqual(Ids(31, 10), second.Offered.ToArray(), "the second node took over where the first stopped");
    }

    [TestMethod]
    public async Task A_lease_is_held_by_one_holder_at_a_time_per_partner_and_free_once_released()
    {
        await using var database = await TestDatabase.CreateAsync(Database.Postgres);
        var lease = database.Store.PartnerLease;

        var held = await lease.TryAcquireAsync("fr.fire.sdis35");
        Assert.IsNotNull(held);
        Assert.IsNull(await lease.TryAcquireAsync("fr.fire.sdis35"), "a second holder is refused");
        await using (var other = await lease.TryAcquireAsync("fr.fire.sdis22")) Assert.IsNotNull(other, "another partner's lease is separate");

        await held.DisposeAsync();
        await using var again = await lease.TryAcquireAsync("fr.fire.sdis35");
        Assert.IsNotNull(again, "released on dispose");
    }

    [TestMethod]
    public async Task Stores_on_other_schemas_of_the_same_database_do_not_share_leases()
    {
        await using var one = await TestDatabase.CreateAsync(Database.Postgres);
        await using var other = await TestDatabase.CreateAsync(Database.Postgres);

        await using var held = await one.Store.PartnerLease.TryAcquireAsync("fr.fire.sdis35");
        await using var elsewhere = await other.Store.PartnerLease.TryAcquireAsync("fr.fire.sdis35");

        Assert.IsNotNull(held);
        Assert.IsNotNull(elsewhere);
    }

    private static Task EnqueueAsync(TestDatabase database, int from, int count) =>
        database.EnqueueAsync([.. Ids(from, count).Select(id => TestDeliveries.To(DeliveryBench.Sdis35.Id, id))]);

    private static string[] Ids(int from, int count) => [.. Enumerable.Range(from, count).Select(n => $"m{n:D2}")];

    /// <summary>Waits for the last delivery to be marked delivered (accepted by the partner comes just before): a
    /// node stopped in between would leave it pending, to be sent again.</summary>
    private static async Task DrainedAsync(TestDatabase database)
    {
        await Poll.UntilAsync(async () => await database.Outbox.NextPendingAsync(DeliveryBench.Sdis35.Id) is null, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        Assert.IsNull(await database.Outbox.NextPendingAsync(DeliveryBench.Sdis35.Id), "every delivery was marked delivered");
    }

    /// <summary>Waits (really, briefly) for the workers, moving the clock a little each time so waits on it end.</summary>
    private static async Task Eventually(FakeTimeProvider time, Func<bool> condition)
    {
        await Poll.UntilAsync(condition, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), () => time.Advance(TimeSpan.FromSeconds(1)));
        Assert.IsTrue(condition(), "the workers did not get there in 5 s");
    }
}
