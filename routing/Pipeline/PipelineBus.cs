using System.Data.Common;
using JasperFx.Core;
using MCIC2.Interop.Routing.Storage;
using Wolverine;
using Wolverine.ErrorHandling;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>How the bus retries a message whose processing fails transiently (infrastructure trouble: a locked or
/// unreachable store).</summary>
public sealed record RetryPolicy(int ImmediateRetries, IReadOnlyList<TimeSpan> Cooldowns)
{
    /// <summary>Three immediate tries, then 0.5 s, 2 s, 10 s, 30 s, 1 min: about 1 min 45 s before the dead letters.</summary>
    public static RetryPolicy Default { get; } = new(3, [500.Milliseconds(), 2.Seconds(), 10.Seconds(), 30.Seconds(), 1.Minutes()]);

    /// <summary>
    /// A failure that may pass by itself: the store busy, locked, unreachable or in a concurrent update, an I/O error,
    /// a timeout, the host stopping. Anything else — a conversion or encoding error, a refusal, a defect — fails the
    /// same way every time: retrying it only holds the incident queue, so it is not retried.
    /// </summary>
    /// <remarks>Every database error counts as the store's trouble, not the message's: what could make one message's
    /// SQL fail (a character the database refuses) is refused at intake (<see cref="UncarriableText"/>).</remarks>
    public static bool IsTransient(Exception failure) =>
        failure is DbException or IOException or TimeoutException or IncidentVersionConflictException or OperationCanceledException;
}

/// <summary>The bus configuration every profile shares: the handler, its queues, its error policy.</summary>
public static class PipelineBus
{
    public static void Configure(WolverineOptions opts, RetryPolicy retries)
    {
        opts.Discovery.IncludeAssembly(typeof(AcceptedMessageHandler).Assembly);

        // A permanent failure reaches the bus only when the processor could not record it on the dead-letter desk
        // (RoutingMessageProcessor): it goes to the bus's dead letters at once, which the host moves to the desk
        // (BusDeadLetters), rather than hold its queue through retries that cannot succeed.
        opts.Policies.OnException(failure => !RetryPolicy.IsTransient(failure)).MoveToErrorQueue();

        // Transient failures are retried INLINE, holding the message's queue (or Kafka key slot): a retry that
        // rescheduled the message (ScheduleRetry) or put it at the back (Requeue) would let the incident's next
        // message overtake it. The store's trouble holds every queue alike, so this costs the other incidents
        // nothing they would not wait for anyway. Out of retries, the message goes to the bus's dead letters (exception
        // and message kept), moved to the desk like the others; the incident's later messages are then held or refused
        // by the processor's sequence check, not silently applied out of order.
        var afterImmediate = opts.Policies.OnException(RetryPolicy.IsTransient).RetryTimes(retries.ImmediateRetries);
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
