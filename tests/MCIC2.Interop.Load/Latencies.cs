using HdrHistogram;

namespace MCIC2.Interop.Load;

/// <summary>A latency distribution in microseconds (HdrHistogram, 3 significant digits, up to one hour).</summary>
public sealed class Latencies
{
    private readonly LongHistogram _histogram = new(TimeSpan.FromHours(1).Ticks / TimeSpan.TicksPerMicrosecond, 3);

    public long Count => _histogram.TotalCount;

    public void Record(TimeSpan latency) => _histogram.RecordValue(Math.Max(0, latency.Ticks / TimeSpan.TicksPerMicrosecond));

    /// <summary>"p50 / p99 / max" in milliseconds.</summary>
    public string Summary() => Summary(50, 99);

    /// <summary>The given percentiles, then the maximum, in milliseconds: "p50 / p95 / p99 / max ms".</summary>
    public string Summary(params double[] percentiles) => Count == 0
        ? "n/a"
        : string.Join(" / ", [.. percentiles.Select(p => Ms(_histogram.GetValueAtPercentile(p))), Ms(_histogram.GetMaxValue())]) + " ms";

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString(microseconds < 10_000 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture);
}
