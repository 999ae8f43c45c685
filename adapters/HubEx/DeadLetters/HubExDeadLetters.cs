using System.Collections;
using System.Text;
using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Adapters.HubEx.DeadLetters;

/// <summary>
/// Consumes the hub's dead-letter queue: a message the hub delivered to a client queue that expired there (400
/// EXPIRED_MESSAGE_BEFORE_ROUTING) or was rejected by the client, pushed out by a length limit or past a delivery limit
/// (500 DEAD_LETTER_QUEUED) is reported by its message id — the delivery id the hub sent it with — so the hub can tell
/// its sender. Acknowledged once reported; a report that fails comes again after a pause.
/// </summary>
public sealed class HubExDeadLetters(HubExOptions options, TimeProvider time) : IAsyncDisposable
{
    private readonly HubExConnection _connection = new(options, "dead-letters", time);
    private DateTimeOffset? _lastExchangeAt;
    private string? _lastUnreported;

    public HubExLinkHealth Health => new(_connection.IsOpen, _lastExchangeAt, null, _connection.LastProblem ?? _lastUnreported);

    /// <summary>Reports until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(IDeliveryFeedback feedback, CancellationToken cancellationToken) =>
        new QueueConsumer(_connection, options.DeadLetterQueue, options.Prefetch, time)
            .RunAsync((delivery, ct) => ReportAsync(feedback, delivery, ct), cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<Settlement> ReportAsync(IDeliveryFeedback feedback, BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        _lastExchangeAt = time.GetUtcNow();
        var (reason, queue) = FirstDeath(delivery.BasicProperties.Headers);
        if (delivery.BasicProperties.MessageId is not { Length: > 0 } deliveryId)
        {
            // Only the hub publishes to client queues, always with a message id: this one is not the hub's to report.
            _lastUnreported = $"a dead letter from {queue ?? "an unknown queue"} without message id was dropped";
            return Settlement.Done;
        }

        var code = reason == "expired" ? HubErrorCode.ExpiredMessageBeforeRouting : HubErrorCode.DeadLetterQueued;
        var cause = reason == "expired"
            ? $"expired in queue {queue} before the recipient read it"
            : $"dead-lettered from queue {queue} ({reason ?? "no reason given"})";
        try
        {
            await feedback.UndeliveredAsync(deliveryId, code, cause, cancellationToken);
            return Settlement.Done;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new Settlement.GiveBack(options.FaultPause);
        }
    }

    /// <summary>Why and where the message died first: the broker's <c>x-death</c> header lists every death, the
    /// latest first; <c>x-first-death-*</c> keeps the first.</summary>
    private static (string? Reason, string? Queue) FirstDeath(IDictionary<string, object?>? headers)
    {
        if (headers is null) return (null, null);
        if (headers.TryGetValue("x-first-death-reason", out var reason))
            return (Text(reason), headers.TryGetValue("x-first-death-queue", out var queue) ? Text(queue) : null);
        if (headers.TryGetValue("x-death", out var deaths) && deaths is IList { Count: > 0 } list && list[list.Count - 1] is IDictionary<string, object?> first)
            return (first.TryGetValue("reason", out var r) ? Text(r) : null, first.TryGetValue("queue", out var q) ? Text(q) : null);
        return (null, null);
    }

    // AMQP strings arrive as bytes.
    private static string? Text(object? value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    };
}
