using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Tests.Routing.Storage;

[TestClass]
public sealed class When_the_outbox_keeps_deliveries
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Each_partner_gets_its_oldest_pending_delivery_first(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"), TestDeliveries.To(Samu, "b"), TestDeliveries.To(Sdis, "c"));

        var sdisHead = await test.Outbox.NextPendingAsync(Sdis);
        var samuHead = await test.Outbox.NextPendingAsync(Samu);
        await test.Outbox.MarkDeliveredAsync(sdisHead!.Sequence, TestDeliveries.Start);
        var sdisNext = await test.Outbox.NextPendingAsync(Sdis);

        Assert.AreEqual("a", sdisHead.Delivery.DeliveryId);
        Assert.AreEqual("b", samuHead!.Delivery.DeliveryId);
        Assert.AreEqual("c", sdisNext!.Delivery.DeliveryId);
        Assert.IsNull(await test.Outbox.NextPendingAsync("fr.health.samu22"));
        CollectionAssert.AreEqual(new DeliveryQueue[] { Sdis, Samu }, (await test.Outbox.QueuesWithPendingAsync()).ToArray());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_delivery_waiting_for_its_retry_stays_at_the_head(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"), TestDeliveries.To(Sdis, "b"));
        var head = await test.Outbox.NextPendingAsync(Sdis);

        await test.Outbox.MarkAttemptFailedAsync(head!.Sequence, 4, TestDeliveries.Start.AddMinutes(5), "transient: HTTP 503");
        var again = await test.Outbox.NextPendingAsync(Sdis);

        Assert.AreEqual("a", again!.Delivery.DeliveryId);
        Assert.AreEqual(4, again.Attempts);
        Assert.AreEqual(TestDeliveries.Start.AddMinutes(5), again.NextAttemptAt);
        Assert.AreEqual("transient: HTTP 503", again.LastError);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task It_keeps_the_bytes_times_and_offsets_it_was_given(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var created = new DateTimeOffset(2026, 3, 14, 9, 30, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var expires = created.AddHours(1).ToOffset(TimeSpan.FromHours(-5));
        var written = TestDeliveries.To(Sdis, "a", "fr.police.cic35.case-9", created, expires) with { Body = [0, 1, 2, 255, 0xC3, 0xA9] };
        await test.EnqueueAsync(written);

        var read = (await test.Outbox.NextPendingAsync(Sdis))!.Delivery;

        CollectionAssert.AreEqual(written.Body, read.Body);
        Assert.AreEqual(created, read.CreatedAt);
        Assert.AreEqual(TimeSpan.FromHours(2), read.CreatedAt.Offset);
        Assert.AreEqual(expires, read.ExpiresAt);
        Assert.AreEqual(TimeSpan.FromHours(-5), read.ExpiresAt!.Value.Offset);
        Assert.AreEqual(written with { Body = read.Body }, read);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task The_same_delivery_enqueued_twice_is_sent_once(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"));
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"), TestDeliveries.To(Sdis, "b"));

        var all = await test.Outbox.OfIncidentAsync("fr.police.cic35.case-1");

        CollectionAssert.AreEqual(new[] { "a", "b" }, all.Select(d => d.Delivery.DeliveryId).ToArray());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_delivery_of_a_transaction_that_failed_is_never_sent(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);

        await test.FailInTransactionAsync(transaction => transaction.EnqueueDeliveryAsync(TestDeliveries.To(Sdis, "a")));

        Assert.IsNull(await test.Outbox.NextPendingAsync(Sdis));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_write_started_inside_a_message_transaction_is_refused_not_left_hanging(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"));
        var head = (await test.Outbox.NextPendingAsync(Sdis))!;

        var refusal = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Store.InTransactionAsync(async _ =>
        {
            await test.Outbox.MarkDeliveredAsync(head.Sequence, TestDeliveries.Start);
            return true;
        }));

        StringAssert.Contains(refusal.Message, "inside another one");
        Assert.AreEqual(DeliveryState.Pending, (await test.Outbox.FindAsync(head.Sequence))!.State);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task It_finds_the_incident_a_delivery_belongs_to(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a", "fr.police.cic35.case-9"));

        var incident = await test.Store.InTransactionAsync(transaction => transaction.FindIncidentOfDeliveryAsync("a"));
        var unknown = await test.Store.InTransactionAsync(transaction => transaction.FindIncidentOfDeliveryAsync("zzz"));

        Assert.AreEqual("fr.police.cic35.case-9", incident);
        Assert.IsNull(unknown);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_delivery_that_left_pending_cannot_be_changed_again(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"));
        var head = (await test.Outbox.NextPendingAsync(Sdis))!;
        await test.Outbox.MarkDeliveredAsync(head.Sequence, TestDeliveries.Start.AddSeconds(2));

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.DeadLetterAsync(head.Sequence, "refused: late"));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.MarkExpiredAsync(head.Sequence, TestDeliveries.Start));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.ReplayAsync(head.Sequence, TestDeliveries.Start));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.DiscardAsync(head.Sequence));
        var delivered = (await test.Outbox.FindAsync(head.Sequence))!;
        Assert.AreEqual(DeliveryState.Delivered, delivered.State);
        Assert.AreEqual(1, delivered.Attempts);
        Assert.AreEqual(TestDeliveries.Start.AddSeconds(2), delivered.DeliveredAt);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_replayed_dead_letter_goes_to_the_end_under_a_new_id_and_stays_listed(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"), TestDeliveries.To(Samu, "b"), TestDeliveries.To(Sdis, "c"));
        var a = await test.DeadLetterHeadAsync(Sdis, "refused: HTTP 422 UnprocessableEntity: bad caseId");

        var replay = await test.Outbox.ReplayAsync(a.Sequence, TestDeliveries.Start.AddHours(1));

        Assert.AreEqual("a.replay-1", replay.Delivery.DeliveryId);
        Assert.AreEqual("a", replay.Delivery.ReplayOf);
        Assert.AreEqual(DeliveryState.Pending, replay.State);
        Assert.AreEqual(0, replay.Attempts);
        CollectionAssert.AreEqual(a.Delivery.Body, replay.Delivery.Body);
        Assert.AreEqual(TestDeliveries.Start.AddHours(1), replay.Delivery.CreatedAt);
        Assert.IsGreaterThan(a.Sequence, replay.Sequence);
        Assert.AreEqual("c", (await test.Outbox.NextPendingAsync(Sdis))!.Delivery.DeliveryId, "the replay queues behind what was already waiting");

        var deadLetters = await test.Outbox.DeadLettersAsync(Sdis);
        Assert.HasCount(1, deadLetters);
        Assert.AreEqual("a.replay-1", deadLetters[0].ReplayedAs);
        Assert.AreEqual("refused: HTTP 422 UnprocessableEntity: bad caseId", deadLetters[0].LastError);
        Assert.IsEmpty(await test.Outbox.DeadLettersAsync(Samu));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.ReplayAsync(a.Sequence, TestDeliveries.Start));
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => test.Outbox.DiscardAsync(a.Sequence));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_replay_that_fails_again_is_replayed_under_the_next_number(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"));
        var a = await test.DeadLetterHeadAsync(Sdis);
        var first = await test.Outbox.ReplayAsync(a.Sequence, TestDeliveries.Start);
        await test.DeadLetterHeadAsync(Sdis);

        var second = await test.Outbox.ReplayAsync(first.Sequence, TestDeliveries.Start);

        Assert.AreEqual("a.replay-2", second.Delivery.DeliveryId);
        Assert.AreEqual("a.replay-1", second.Delivery.ReplayOf);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_discarded_dead_letter_leaves_the_list(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.EnqueueAsync(TestDeliveries.To(Sdis, "a"));
        var a = await test.DeadLetterHeadAsync(Sdis);

        await test.Outbox.DiscardAsync(a.Sequence);

        Assert.IsEmpty(await test.Outbox.DeadLettersAsync());
        Assert.AreEqual(DeliveryState.Discarded, (await test.Outbox.FindAsync(a.Sequence))!.State);
    }
}
