using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MCIC2.Interop.Routing.Telemetry;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// A case posted to a hub host over HTTP, its spans caught by an <see cref="ActivityListener"/> and its measurements by
/// a <see cref="MeterListener"/> on the hub's source and meter (what the OTLP exporter would send).
/// </summary>
[TestClass]
public sealed class When_the_hub_traces_and_measures_a_message
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string DistributionId = "fr.fire.sdis35_TRACE-1";

    [TestMethod]
    public async Task The_message_is_one_trace_from_intake_to_each_delivery_and_the_counters_move()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HubTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var measured = new HubMeasurements();

        await using var hub = await HubUnderTest.StartAsync();
        var response = await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, DistributionId, TestClock.Now()));
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        await hub.WaitForAsync(l => l.Of(Corg).Count == 1 && l.Of(Samu).Count == 1 && l.Of(Sdis).Count == 1);
        // A delivery's span ends once the outbox has recorded it, just after the partner answered.
        Assert.IsTrue(await Poll.UntilAsync(() => Task.FromResult(DeliverySpans(spans).Count >= 3), TimeSpan.FromSeconds(30)),
            $"delivery spans: {string.Join(", ", DeliverySpans(spans).Select(s => s.GetTagItem("mcic2.delivery_id")))}");

        var intake = spans.Single(s => s.OperationName == "mcic2.intake" && (string?)s.GetTagItem("mcic2.distribution_id") == DistributionId);
        var processing = spans.Single(s => s.OperationName == "mcic2.process" && (string?)s.GetTagItem("mcic2.distribution_id") == DistributionId);
        Assert.AreEqual(intake.TraceId, processing.TraceId, "processing continues the intake's trace across the bus");
        Assert.AreEqual(intake.SpanId, processing.ParentSpanId);
        var deliveries = DeliverySpans(spans);
        CollectionAssert.IsSubsetOf(new[] { Corg, Samu, Sdis }, deliveries.Select(s => (string)s.GetTagItem("mcic2.partner")!).ToArray(), "the SDIS gets its RC-REF");
        foreach (var delivery in deliveries)
        {
            Assert.AreEqual(intake.TraceId, delivery.TraceId, $"{delivery.GetTagItem("mcic2.delivery_id")} continues the message's trace across the outbox");
            Assert.AreEqual(processing.SpanId, delivery.ParentSpanId, "a child of the processing that wrote it");
        }

        Assert.IsGreaterThanOrEqualTo(1.0, measured.Of("mcic2.messages.in", Sdis), "messages in from the SDIS");
        foreach (var partner in new[] { Corg, Samu, Sdis })
        {
            Assert.IsGreaterThanOrEqualTo(1.0, measured.Of("mcic2.messages.out", partner), $"messages out to {partner}");
            Assert.IsGreaterThanOrEqualTo(1.0, measured.Of("mcic2.delivery.latency", partner), $"a latency recorded for {partner}");
        }
    }

    private static List<Activity> DeliverySpans(IEnumerable<Activity> spans) =>
        spans.Where(s => s.OperationName == "mcic2.deliver" && (string?)s.GetTagItem("mcic2.distribution_id") == DistributionId).ToList();
}
