using System.Diagnostics.Metrics;
using System.Net;
using MCIC2.Interop.HubHost.Telemetry;
using MCIC2.Interop.Routing.Telemetry;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MCIC2.Interop.Tests.Host;

/// <summary>While metrics are exported, the backlog gauge is refreshed from the outbox by the hub itself, not only when
/// somebody probes /health/ready.</summary>
[TestClass]
public sealed class When_the_backlog_gauge_is_exported
{
    private const string Samu = "fr.health.samu35";

    [TestMethod]
    public async Task It_reports_what_waits_for_a_partner_that_is_down()
    {
        // An OTLP endpoint nobody listens on: the exporter's failures are its own, the hub runs on.
        await using var hub = await HubUnderTest.StartAsync(null, "--Hub:Telemetry:Otlp", "http://127.0.0.1:9");
        var reading = hub.App.Services.GetServices<IHostedService>().OfType<BacklogReading>().SingleOrDefault();
        Assert.IsNotNull(reading, "the backlog is read while metrics are exported");
        hub.Partners.SetDown(Samu, true);
        var response = await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_GAUGE-1", TestClock.Now()));
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode);
        await hub.WaitForAsync(l => l.Of("fr.gendarmerie.corg35").Count == 1);

        var backlog = 0;
        await Poll.UntilAsync(async () =>
        {
            await reading.ReadOnceAsync(CancellationToken.None);
            return (backlog = Observe(Samu)) > 0;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        Assert.IsGreaterThan(0, backlog, "the SAMU's pending delivery is in the gauge");
    }

    private static int Observe(string partner)
    {
        var value = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == HubTelemetry.Name && instrument.Name == "mcic2.delivery.backlog") l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<int>((_, measured, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "partner" && (string?)tag.Value == partner) value = measured;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
