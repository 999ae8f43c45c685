using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Tests.Routing.Storage;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>An operator fixed the cause of dead letters (a partner's configuration, a rule) and sends them again.</summary>
[TestClass]
public sealed class When_a_dead_letter_is_replayed
{
    private const string Samu = "fr.health.samu35";

    private static async Task<(DeliveryBench Bench, DeadLetterDesk Desk)> RefusedAsync(params string[] refused)
    {
        var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1", "m2", "m3", "m4");
        foreach (var id in refused)
        {
            if (id == "m3") bench.Partner.Refuse(id, "HTTP 400 BadRequest: no such incident", "HTTP 400");
            else bench.Partner.Refuse(id, "HTTP 422 UnprocessableEntity: unknown caseId", "HTTP 422");
        }
        await bench.DrainAsync();
        return (bench, new DeadLetterDesk(bench.Database.Outbox, bench.Time));
    }

    [TestMethod]
    public async Task It_is_delivered_under_a_new_id_with_the_original_bytes_and_the_original_stays_as_history()
    {
        var (bench, desk) = await RefusedAsync("m2");
        await using var _ = bench;
        var deadLetter = (await desk.ListAsync(new DeadLetterFilter(DeliveryId: "m2"))).Single();

        var replay = await desk.ReplayAsync(deadLetter.Sequence);
        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "m1", "m3", "m4", "m2.replay-1" }, bench.Partner.Accepted.ToArray());
        Assert.AreEqual("m2", replay.Delivery.ReplayOf);
        CollectionAssert.AreEqual(deadLetter.Delivery.Body, (await bench.Database.Outbox.FindAsync(replay.Sequence))!.Delivery.Body);
        Assert.IsEmpty(await desk.ListAsync(DeadLetterFilter.All), "nothing left to replay");
        var history = (await desk.ListAsync(DeadLetterFilter.All with { IncludeReplayed = true })).Single();
        Assert.AreEqual("m2.replay-1", history.ReplayedAs);
        Assert.AreEqual("refused: HTTP 422 UnprocessableEntity: unknown caseId", history.LastError);
    }

    [TestMethod]
    public async Task A_failure_group_is_replayed_in_its_original_order()
    {
        var (bench, desk) = await RefusedAsync("m1", "m3", "m4");
        await using var _ = bench;

        var groups = await desk.GroupsAsync(DeadLetterFilter.All);
        var replays = await desk.ReplayAsync(new DeadLetterFilter(ErrorPrefix: "refused: HTTP 422"));

        Assert.AreEqual(("refused: HTTP 422 UnprocessableEntity", 2), (groups[0].Cause, groups[0].Count));
        CollectionAssert.AreEqual(new[] { DeliveryBench.Sdis35.Id }, groups[0].Partners.ToArray());
        Assert.AreEqual("refused: HTTP 400 BadRequest", groups[1].Cause);
        CollectionAssert.AreEqual(new[] { "m1.replay-1", "m4.replay-1" }, replays.Select(r => r.Delivery.DeliveryId).ToArray());
        Assert.IsLessThan(replays[1].Sequence, replays[0].Sequence);
        CollectionAssert.AreEqual(new[] { "m3" }, (await desk.ListAsync(DeadLetterFilter.All)).Select(d => d.Delivery.DeliveryId).ToArray());
        CollectionAssert.AreEqual(new[] { "m3" }, (await desk.ListAsync(new DeadLetterFilter(TransportCode: "HTTP 400"))).Select(d => d.Delivery.DeliveryId).ToArray());
    }

    [TestMethod]
    public async Task Replaying_a_partner_touches_only_that_partners_dead_letters()
    {
        var (bench, desk) = await RefusedAsync("m2");
        await using var _ = bench;
        await bench.Database.EnqueueAsync(TestDeliveries.To(Samu, "s1"));
        await bench.Database.DeadLetterHeadAsync(Samu);
        var woken = new List<DeliveryQueue>();
        desk = new DeadLetterDesk(bench.Database.Outbox, bench.Time, woken.Add);

        var replays = await desk.ReplayAsync(new DeadLetterFilter(PartnerId: Samu));

        CollectionAssert.AreEqual(new[] { "s1.replay-1" }, replays.Select(r => r.Delivery.DeliveryId).ToArray());
        CollectionAssert.AreEqual(new DeliveryQueue[] { Samu }, woken);
        CollectionAssert.AreEqual(new[] { "m2" }, (await desk.ListAsync(DeadLetterFilter.All)).Select(d => d.Delivery.DeliveryId).ToArray());
    }

    [TestMethod]
    public async Task A_discarded_dead_letter_is_neither_listed_nor_sent()
    {
        var (bench, desk) = await RefusedAsync("m2");
        await using var _ = bench;
        var deadLetter = (await desk.ListAsync(DeadLetterFilter.All)).Single();

        await desk.DiscardAsync(deadLetter.Sequence);
        await bench.DrainAsync();

        Assert.IsEmpty(await desk.ListAsync(DeadLetterFilter.All with { IncludeReplayed = true }));
        CollectionAssert.AreEqual(new[] { "m1", "m3", "m4" }, bench.Partner.Accepted.ToArray());
    }
}
