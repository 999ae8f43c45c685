using JasperFx.Core;
using Wolverine;
using Wolverine.ErrorHandling;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>How the bus retries a message whose processing throws (infrastructure trouble: a locked or unreachable store).</summary>
public sealed record RetryPolicy(int ImmediateRetries, IReadOnlyList<TimeSpan> Cooldowns)
{
    /// <summary>Three immediate tries, then 0.5 s, 2 s, 10 s, 30 s, 1 min: about 1 min 45 s before the dead letters.</summary>
    public static RetryPolicy Default { get; } = new(3, [500.Milliseconds(), 2.Seconds(), 10.Seconds(), 30.Seconds(), 1.Minutes()]);
}

/// <summary>The bus configuration every profile shares: the handler, its queues, its error policy.</summary>
public static class PipelineBus
{
    public static void Configure(WolverineOptions opts, RetryPolicy retries)
    {
        opts.Discovery.IncludeAssembly(typeof(AcceptedMessageHandler).Assembly);

        // Retries happen INLINE, holding the message's queue (or Kafka key slot): a retry that rescheduled the
        // message (ScheduleRetry) or put it at the back (Requeue) would let the incident's next message overtake
        // it. Holding the queue delays the other incidents that hash to it, for the cooldowns at most — a price
        // paid for order. Out of retries, the message goes to the dead letters (exception and message kept,
        // replayable) and the queue moves on; the incident's later messages are then held or refused by the
        // processor's sequence check, not silently applied out of order.
        var afterImmediate = opts.Policies.OnException<Exception>().RetryTimes(retries.ImmediateRetries);
        if (retries.Cooldowns.Count > 0) afterImmediate.Then.RetryWithCooldown([.. retries.Cooldowns]);
        // Moving to the dead letters is Wolverine's action once a policy's attempts are spent.
    }

    /// <summary>Embedded and PostgreSQL profiles: the N sequential durable local queues.</summary>
    public static void UseIncidentQueues(WolverineOptions opts, IncidentQueues queues)
    {
        foreach (var name in queues.Names)
        {
            opts.LocalQueue(name).Sequential().UseDurableInbox();
        }
    }
}
