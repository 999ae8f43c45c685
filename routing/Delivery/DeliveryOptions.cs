namespace MCIC2.Interop.Routing.Delivery;

/// <summary>How hard the delivery workers try (configuration section <c>Hub:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>Retries made at once after a transient failure (a dropped connection often succeeds right away).</summary>
    public int ImmediateRetries { get; set; } = 3;

    /// <summary>The first delay once the immediate retries are spent; each next delay doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a delivery that keeps failing transiently is dead-lettered. Large: at one attempt a
    /// minute, 20,000 is about two weeks — a partner outage must be survived, not turned into dead letters.</summary>
    public int MaxAttempts { get; set; } = 20_000;

    /// <summary>How often an idle worker (and the coordinator) looks at the outbox without being woken: a safety net,
    /// the wake-up on enqueue is what keeps latency low.</summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker whose partner's lease is held elsewhere (another hub node) asks for it again: at most
    /// this long after that node stops or dies, this one takes the partner over.</summary>
    public TimeSpan LeaseRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause after an unexpected fault (the database unreachable) before the worker tries again.</summary>
    public TimeSpan FaultPause { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait after <paramref name="failedAttempts"/> attempts have failed: zero for the immediate
    /// retries, then <see cref="FirstRetryDelay"/> doubling up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelayAfter(int failedAttempts)
    {
        var doublings = failedAttempts - ImmediateRetries - 1;
        if (doublings < 0) return TimeSpan.Zero;
        if (doublings >= 30) return MaxRetryDelay;
        var delay = TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks * (1L << doublings), MaxRetryDelay.Ticks));
        return delay;
    }
}
