using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Tests.Routing.Storage;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>An SDIS down for maintenance: its messages wait, in order, and all arrive once it is back.</summary>
[TestClass]
public sealed class When_a_partner_is_down_for_a_while
{
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    [TestMethod]
    public async Task It_retries_at_once_then_backs_off_doubling_up_to_a_minute()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1");
        bench.Partner.Down();

        await bench.DrainAsync(until: () => bench.Partner.Offered.Count == 12);

        // The first attempt and 3 immediate retries, then 1, 2, 4 ... 60, 60 seconds apart.
        CollectionAssert.AreEqual(
            new[] { Seconds(1), Seconds(2), Seconds(4), Seconds(8), Seconds(16), Seconds(32), Seconds(60), Seconds(60) },
            bench.Waits.ToArray());
        var head = (await bench.Database.Outbox.NextPendingAsync(DeliveryBench.Sdis35.Id))!;
        Assert.AreEqual(12, head.Attempts);
        Assert.AreEqual("transient: HTTP 503 ServiceUnavailable: down for maintenance", head.LastError);
    }

    [TestMethod]
    public async Task Nothing_overtakes_the_failing_delivery_and_all_arrive_in_order_when_it_is_back()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1", "m2", "m3");
        bench.Partner.Down();

        await bench.DrainAsync(until: () => bench.Partner.Offered.Count == 30);
        CollectionAssert.AreEqual(Enumerable.Repeat("m1", 30).ToArray(), bench.Partner.Offered.ToArray(), "only the head was tried");

        bench.Partner.Up();
        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "m1", "m2", "m3" }, bench.Partner.Accepted.ToArray());
        Assert.IsEmpty(bench.Events.DeadLettered);
        Assert.IsNull(await bench.Database.Outbox.NextPendingAsync(DeliveryBench.Sdis35.Id));
    }

    [TestMethod]
    public async Task A_restarted_hub_keeps_the_attempts_and_waits_out_the_remaining_delay()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1");
        bench.Partner.Down();
        await bench.DrainAsync(until: () => bench.Partner.Offered.Count == 6); // the 6th failure asked for a 4 s wait

        bench.Time.Advance(Seconds(0.5));
        bench.NewWorker();
        var step = await bench.Worker.StepAsync();

        Assert.AreEqual(WorkerStepKind.Wait, step.Kind);
        Assert.AreEqual(Seconds(3.5), step.ResumeAt - bench.Time.GetUtcNow());
        Assert.HasCount(6, bench.Partner.Offered, "the restart did not send before the delay was over");
        bench.Partner.Up();
        await bench.DrainAsync();
        CollectionAssert.AreEqual(new[] { "m1" }, bench.Partner.Accepted.ToArray());
        Assert.AreEqual(7, (await bench.Database.Outbox.OfIncidentAsync("fr.police.cic35.case-1"))[0].Attempts);
    }

    [TestMethod]
    public async Task Out_of_attempts_it_is_dead_lettered_and_the_queue_moves_on()
    {
        await using var bench = await DeliveryBench.StartAsync(new DeliveryOptions { MaxAttempts = 6 });
        await bench.EnqueueAsync("m1", "m2");
        bench.Partner.Down();
        await bench.DrainAsync(until: () => bench.Partner.Offered.Count == 6);
        bench.Partner.Up();

        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "m2" }, bench.Partner.Accepted.ToArray());
        var deadLetter = (await bench.Database.Outbox.DeadLettersAsync()).Single();
        Assert.AreEqual("m1", deadLetter.Delivery.DeliveryId);
        Assert.AreEqual(6, deadLetter.Attempts);
        Assert.AreEqual("out of attempts (6): HTTP 503 ServiceUnavailable: down for maintenance", deadLetter.LastError);
        Assert.AreEqual(("m1", "out of attempts (6), last HTTP 503"), bench.Events.DeadLettered.Single(), "the sender hears the transport's code, not the partner's text");
    }

    [TestMethod]
    public async Task The_running_workers_wait_on_the_clock_and_deliver_when_the_partner_is_back()
    {
        await using var bench = await DeliveryBench.StartAsync(new DeliveryOptions { ImmediateRetries = 0, IdlePoll = TimeSpan.FromHours(1) });
        var workers = new DeliveryWorkers(bench.Database.Outbox, [bench.Route], bench.Events, bench.Options, bench.Time);
        using var stop = new CancellationTokenSource();
        var running = workers.RunAsync(stop.Token);
        bench.Partner.Down();

        await bench.EnqueueAsync("m1");
        workers.Wake(DeliveryBench.Sdis35.Id);
        await Eventually(() => bench.Partner.Offered.Count == 1);
        bench.Partner.Up();
        await Task.Delay(20);
        Assert.HasCount(1, bench.Partner.Offered, "the retry waits for the clock");

        bench.Time.Advance(Seconds(1));
        await Eventually(() => bench.Partner.Accepted.Count == 1);

        await bench.EnqueueAsync("m2");
        workers.Wake(DeliveryBench.Sdis35.Id);
        await Eventually(() => bench.Partner.Accepted.Count == 2);

        await stop.CancelAsync();
        await running;
        CollectionAssert.AreEqual(new[] { "m1", "m2" }, bench.Partner.Accepted.ToArray());
    }

    [TestMethod]
    public async Task After_a_restart_the_workers_find_what_was_pending_without_being_woken()
    {
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1", "m2");
        var workers = new DeliveryWorkers(bench.Database.Outbox, [bench.Route], bench.Events, bench.Options, bench.Time);
        using var stop = new CancellationTokenSource();

        var running = workers.RunAsync(stop.Token);
        await Eventually(() => bench.Partner.Accepted.Count == 2);
        await stop.CancelAsync();
        await running;

        CollectionAssert.AreEqual(new[] { "m1", "m2" }, bench.Partner.Accepted.ToArray());
    }

    /// <summary>Waits (really, briefly) for the background workers to get somewhere.</summary>
    internal static async Task Eventually(Func<bool> condition)
    {
        await Poll.UntilAsync(condition, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        Assert.IsTrue(condition(), "the workers did not get there in 5 s");
    }
}
