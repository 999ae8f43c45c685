using System.Globalization;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// The clock of every hub a test runs on real time, and the one its messages are dated from. <c>./scripts/test</c> runs
/// the suite a second time with <c>MCIC2_TEST_CLOCK_OFFSET</c> a year ahead: a test that dates a message by the calendar
/// instead of by this clock fails then, not the day its dates expire.
/// </summary>
public static class TestClock
{
    public const string OffsetVariable = "MCIC2_TEST_CLOCK_OFFSET";

    /// <summary>How far the hubs' clock is moved from the system's (a TimeSpan, <c>365.00:00:00</c>; none when unset).</summary>
    public static TimeSpan Offset { get; } = ReadOffset();

    /// <summary>The hub's now, to the second (CISU times carry no fractions).</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow + Offset;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>This clock as a TimeProvider, for what a test builds itself (a format, a mapper) rather than a hub.</summary>
    public static TimeProvider Provider { get; } = Offset == TimeSpan.Zero ? TimeProvider.System : new Moved(Offset);

    /// <summary>The host setting that gives a hub this clock (command line form).</summary>
    public static string[] HubSettings => ["--Hub:ClockOffset", Offset.ToString("c", CultureInfo.InvariantCulture)];

    /// <summary>The same setting for a hub process's environment.</summary>
    public static KeyValuePair<string, string> HubEnvironment => new("Hub__ClockOffset", Offset.ToString("c", CultureInfo.InvariantCulture));

    private static TimeSpan ReadOffset()
    {
        var value = Environment.GetEnvironmentVariable(OffsetVariable);
        if (string.IsNullOrWhiteSpace(value)) return TimeSpan.Zero;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new InvalidOperationException($"{OffsetVariable}='{value}' is not a TimeSpan (e.g. 365.00:00:00)");
    }

    private sealed class Moved(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
