namespace MCIC2.Interop.HubHost.Clock;

/// <summary>
/// The hub's one clock, chosen from settings: the system clock, moved by <c>Hub:ClockOffset</c> (a TimeSpan such as
/// <c>365.00:00:00</c>, default none). Only rehearsals and the tests' calendar guard move it: it lets a whole hub run
/// "a year from now" so that nothing dated by the calendar instead of by this clock can pass unseen.
/// </summary>
public static class HubClock
{
    public const string OffsetKey = "Hub:ClockOffset";

    public static TimeProvider From(IConfiguration configuration)
    {
        var offset = configuration.GetValue(OffsetKey, TimeSpan.Zero);
        return offset == TimeSpan.Zero ? TimeProvider.System : new OffsetTimeProvider(TimeProvider.System, offset);
    }

    /// <summary>Says so in the log when the clock is moved: a hub on a moved clock must never pass for a real one.</summary>
    public static void WarnIfMoved(TimeProvider time, Microsoft.Extensions.Logging.ILogger log)
    {
        if (time is OffsetTimeProvider moved)
            log.LogWarning("The hub's clock is moved by {Offset} ({Key}): its now is {Now:O}. For rehearsals and tests only.", moved.Offset, OffsetKey, moved.GetUtcNow());
    }
}

/// <summary>Another clock moved by a fixed offset. Timers and timestamps are durations: they stay the inner clock's.</summary>
public sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
