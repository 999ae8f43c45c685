using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MCIC2.Interop.Routing.Telemetry;

namespace MCIC2.Interop.Tests.Support;

/// <summary>What the hub's meter (<see cref="HubTelemetry.Meter"/>) measured while this listens: counters summed, and
/// histograms counted, per instrument and <c>partner</c> tag.</summary>
public sealed class HubMeasurements : IDisposable
{
    private readonly ConcurrentDictionary<(string Instrument, string? Partner), double> _measured = new();
    private readonly MeterListener _listener;

    public HubMeasurements()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == HubTelemetry.Name) l.EnableMeasurementEvents(instrument); },
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => _measured.AddOrUpdate((i.Name, PartnerOf(tags)), value, (_, sum) => sum + value));
        _listener.SetMeasurementEventCallback<double>((i, _, tags, _) => _measured.AddOrUpdate((i.Name, PartnerOf(tags)), 1, (_, count) => count + 1));
        _listener.Start();
    }

    /// <summary>The sum of a counter, or the number of values a histogram recorded, for this partner.</summary>
    public double Of(string instrument, string partner) => _measured.GetValueOrDefault((instrument, partner));

    public void Dispose() => _listener.Dispose();

    private static string? PartnerOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags) if (tag.Key == "partner") return tag.Value as string;
        return null;
    }
}
