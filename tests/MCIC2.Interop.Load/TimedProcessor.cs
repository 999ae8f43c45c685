using System.Collections.Concurrent;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Load;

/// <summary>When the intake took a message (its checks passed, just before it was queued), when the bus handed it to the
/// processor, and when the processor was done with it.</summary>
public sealed record ProcessingTimes(DateTimeOffset Received, DateTimeOffset Started, DateTimeOffset Finished);

/// <summary>
/// Wraps the hub's own processor (registered as an override, production code untouched) to split the time between
/// the bus (accepted → processing starts), the processor (its one store transaction), and delivery.
/// </summary>
public sealed class TimedProcessor(IMessageProcessor inner) : IMessageProcessor
{
    public ConcurrentDictionary<string, ProcessingTimes> Times { get; } = new();

    public async Task ProcessAsync(AcceptedMessage message, CancellationToken ct)
    {
        var started = TimeProvider.System.GetUtcNow();
        await inner.ProcessAsync(message, ct);
        Times[message.DistributionId] = new ProcessingTimes(message.ReceivedAt, started, TimeProvider.System.GetUtcNow());
    }
}
