using System.Diagnostics;
using MCIC2.Interop.Routing.Telemetry;
using MCIC2.Interop.PartnerLinks.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>What a worker does after one step.</summary>
public enum WorkerStepKind
{
    /// <summary>Look at the queue again at once.</summary>
    Continue,
    /// <summary>Nothing pending: wait to be woken.</summary>
    Idle,
    /// <summary>The head of the queue waits for its next attempt (or its expiry): come back at <see cref="WorkerStep.ResumeAt"/>.</summary>
    Wait,
}

public sealed record WorkerStep(WorkerStepKind Kind, DateTimeOffset? ResumeAt = null)
{
    public static WorkerStep Continue { get; } = new(WorkerStepKind.Continue);
    public static WorkerStep Idle { get; } = new(WorkerStepKind.Idle);
    public static WorkerStep WaitUntil(DateTimeOffset at) => new(WorkerStepKind.Wait, at);
}

/// <summary>
/// Drains one queue of the outbox (a partner's address) strictly in sequence, through the queue's channel. The head of the queue is the only delivery worked on: while it
/// fails transiently it is retried (at once, then after growing delays) and nothing behind it is sent, so one
/// incident's messages never overtake each other. It leaves the head only when delivered, expired or dead-lettered.
/// </summary>
public sealed class PartnerDeliveryWorker(
    DeliveryRoute route,
    IDeliveryOutbox outbox,
    IDeliveryEvents events,
    DeliveryOptions options,
    TimeProvider time,
    ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly WakeSignal _wake = new();

    public DeliveryQueue Queue => route.Queue;

    /// <summary>A delivery was enqueued for this partner (or a dead letter replayed): look at the outbox now.</summary>
    public void Wake() => _wake.Set();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var step = await StepOrPauseAsync(cancellationToken);
                if (step.Kind == WorkerStepKind.Idle)
                    await _wake.WaitAsync(options.IdlePoll, time, cancellationToken);
                else if (step is { Kind: WorkerStepKind.Wait, ResumeAt: { } resumeAt } && resumeAt > time.GetUtcNow())
                    await Task.Delay(resumeAt - time.GetUtcNow(), time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Handles the head of the partner's queue once: at most one attempt.</summary>
    public async Task<WorkerStep> StepAsync(CancellationToken cancellationToken = default)
    {
        var head = await outbox.NextPendingAsync(route.Queue, cancellationToken);
        if (head is null) return WorkerStep.Idle;

        var now = time.GetUtcNow();
        var expiresAt = head.Delivery.ExpiresAt;
        if (expiresAt <= now)
        {
            _logger.LogWarning("Delivery {DeliveryId} to {PartnerId} expired at {ExpiresAt} before it could be delivered", head.Delivery.DeliveryId, route.Queue, expiresAt);
            await events.ExpiredAsync(head, cancellationToken);
            await outbox.MarkExpiredAsync(head.Sequence, now, cancellationToken);
            return WorkerStep.Continue;
        }
        if (head.NextAttemptAt > now)
            return WorkerStep.WaitUntil(expiresAt < head.NextAttemptAt ? expiresAt.Value : head.NextAttemptAt.Value);

        // One span per attempt, in the trace of the message that caused the delivery (its stored traceparent).
        using var span = HubTelemetry.StartContinuing("mcic2.deliver", ActivityKind.Producer, head.Delivery.TraceParent);
        span?.SetTag("mcic2.delivery_id", head.Delivery.DeliveryId).SetTag("mcic2.distribution_id", head.Delivery.SourceDistributionId).SetTag("mcic2.partner", head.Delivery.PartnerId)
            .SetTag("mcic2.family", head.Delivery.Family).SetTag("mcic2.attempt", head.Attempts + 1);
        var result = await AttemptAsync(head, cancellationToken);
        var attempts = head.Attempts + 1;
        span?.SetTag("mcic2.outcome", result.Outcome.ToString());
        var partner = HubTelemetry.Tag("partner", head.Delivery.PartnerId);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                var deliveredAt = time.GetUtcNow();
                await outbox.MarkDeliveredAsync(head.Sequence, deliveredAt, cancellationToken);
                HubTelemetry.MessagesOut.Add(1, partner, HubTelemetry.Tag("family", head.Delivery.Family));
                HubTelemetry.Latency.Record(Math.Max(0, (deliveredAt - head.Delivery.CreatedAt).TotalSeconds), partner, HubTelemetry.Tag("family", head.Delivery.Family));
                return WorkerStep.Continue;
            case DeliveryOutcome.Refused:
                span?.SetStatus(ActivityStatusCode.Error, result.Detail);
                await DeadLetterAsync(head, $"refused: {result.Detail}", $"refused{Code(result, " ({0})")}", result.TransportCode, cancellationToken);
                return WorkerStep.Continue;
            default:
                if (attempts >= options.MaxAttempts)
                {
                    await DeadLetterAsync(head, $"out of attempts ({attempts}): {result.Detail}", $"out of attempts ({attempts}){Code(result, ", last {0}")}",
                        result.TransportCode, cancellationToken);
                    return WorkerStep.Continue;
                }
                span?.SetStatus(ActivityStatusCode.Error, result.Detail);
                HubTelemetry.Retries.Add(1, partner);
                var nextAttemptAt = time.GetUtcNow() + options.RetryDelayAfter(attempts);
                _logger.LogInformation("Delivery {DeliveryId} to {PartnerId} failed (attempt {Attempts}), next attempt at {NextAttemptAt}: {Detail}",
                    head.Delivery.DeliveryId, route.Queue, attempts, nextAttemptAt, result.Detail);
                await outbox.MarkAttemptFailedAsync(head.Sequence, attempts, nextAttemptAt, $"transient: {result.Detail}", result.TransportCode, cancellationToken);
                return WorkerStep.Continue;
        }
    }

    private static string Code(DeliveryResult result, string format) =>
        result.TransportCode is { } code ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, code) : "";

    /// <summary>A fault outside the partner (the database unreachable, an event handler failing) pauses the worker
    /// instead of ending it: the delivery stays at the head and is worked on again after the pause.</summary>
    private async Task<WorkerStep> StepOrPauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await StepAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(exception, "Delivery worker of {Queue} faulted; trying again in {Pause}", route.Queue, options.FaultPause);
            return WorkerStep.WaitUntil(time.GetUtcNow() + options.FaultPause);
        }
    }

    private async Task<DeliveryResult> AttemptAsync(StoredDelivery head, CancellationToken cancellationToken)
    {
        var pending = head.Delivery;
        var message = new OutgoingMessage(pending.DeliveryId, pending.PartnerId, route.Address, pending.IncidentKey, pending.Family,
            pending.DistributionKind, pending.ContentType, pending.Body, pending.ExpiresAt, pending.IncidentVersion);
        try
        {
            return await route.Channel.SendAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An adapter that throws has not delivered: retried like a partner that did not answer.
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <param name="error">What the operators read in the dead letters: the channel's whole account (its exception, the
    /// partner's answer).</param>
    /// <param name="cause">What the sender is told: what happened in transport terms, never the channel's own text.</param>
    private async Task DeadLetterAsync(StoredDelivery head, string error, string cause, string? transportCode, CancellationToken cancellationToken)
    {
        _logger.LogError("Delivery {DeliveryId} to {Queue} dead-lettered: {Error}", head.Delivery.DeliveryId, route.Queue, error);
        await events.DeadLetteredAsync(head, cause, cancellationToken);
        await outbox.DeadLetterAsync(head.Sequence, error, transportCode, cancellationToken);
        HubTelemetry.DeadLetters.Add(1, HubTelemetry.Tag("partner", head.Delivery.PartnerId));
    }
}
