using System.Threading.Channels;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>A wake-up that is remembered until taken: set any number of times, it wakes one wait once.</summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _signal.Writer.TryWrite(true);

    /// <summary>Returns when set, or when <paramref name="timeout"/> has passed on <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timedOut = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timedOut.Token, cancellationToken);
        try
        {
            await _signal.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the caller looks at the outbox anyway.
        }
    }
}
