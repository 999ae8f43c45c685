using MCIC2.Interop.Routing.Telemetry;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>The delivery workers' counters (<see cref="HubTelemetry"/>), read by a meter listener.</summary>
[TestClass]
public sealed class When_deliveries_are_measured
{
    private static readonly string Sdis = DeliveryBench.Sdis35.Id;

    [TestMethod]
    public async Task A_failed_attempt_counts_a_retry_and_the_delivery_then_taken_a_message_out_with_its_latency()
    {
        using var measured = new HubMeasurements();
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1");
        bench.Partner.Down();

        await bench.StepAsync();
        bench.Partner.Up();
        await bench.DrainAsync();

        Assert.AreEqual(1, measured.Of("mcic2.delivery.retries", Sdis));
        Assert.AreEqual(1, measured.Of("mcic2.messages.out", Sdis));
        Assert.AreEqual(1, measured.Of("mcic2.delivery.latency", Sdis), "one latency recorded");
        Assert.AreEqual(0, measured.Of("mcic2.delivery.dead_letters", Sdis));
    }

    [TestMethod]
    public async Task A_refused_delivery_counts_a_dead_letter()
    {
        using var measured = new HubMeasurements();
        await using var bench = await DeliveryBench.StartAsync();
        await bench.EnqueueAsync("m1", "m2");
        bench.Partner.Refuse("m1", "HTTP 422 UnprocessableEntity: unknown caseId");

        await bench.DrainAsync();

        Assert.AreEqual(1, measured.Of("mcic2.delivery.dead_letters", Sdis));
        Assert.AreEqual(1, measured.Of("mcic2.messages.out", Sdis), "m2 only");
    }
}
