using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Simulators.PeerHubEx.Faults;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Simulators.PeerHubEx.Dispatching;

/// <summary>
/// The HubEx's dispatcher on the broker: consumes its queue and its DLQ on one channel (so one message at a time,
/// in order), publishes persistent messages with publisher confirms on another, and acknowledges a message only once
/// what it decided was confirmed. A dead letter (rejected or expired in a client queue) becomes an RS-ERROR 500 or
/// 400 to the sender of the message; an RS-ERROR that dies is not answered (no loop).
/// </summary>
internal sealed class PeerDispatcher(
    PeerHubExSettings settings, IConnection connection, DispatcherChecks checks, ErrorReports errors,
    Func<string, LinkFaults> faults, TimeProvider time) : IAsyncDisposable
{
    private readonly Dictionary<string, (Delivery Delivery, ulong Tag)> _held = [];
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly CancellationTokenSource _stopping = new();
    private IChannel _consume = null!;
    private IChannel _publish = null!;
    private int _handling;

    /// <summary>What went wrong while dispatching (the message stays unacknowledged and comes again).</summary>
    public IReadOnlyCollection<Exception> Failures => _failures;

    /// <summary>True while a message taken from a queue is being checked and forwarded (the broker counts it
    /// unacknowledged, not ready: a queue's ready count alone would say the HubEx is idle).</summary>
    public bool Busy => Volatile.Read(ref _handling) > 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _publish = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        _consume = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await _consume.BasicQosAsync(0, settings.DispatcherPrefetch, false, cancellationToken);
        await ConsumeAsync(settings.DispatcherQueue, DispatchAsync, cancellationToken);
        await ConsumeAsync(settings.DeadLetterQueue, AnswerDeadLetterAsync, cancellationToken);
    }

    private async Task ConsumeAsync(string queue, Func<BasicDeliverEventArgs, Task> handle, CancellationToken cancellationToken)
    {
        var consumer = new AsyncEventingBasicConsumer(_consume);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Interlocked.Increment(ref _handling);
            try
            {
                await handle(delivery);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopping: the message stays unacknowledged and the broker gives it back.
            }
            catch (Exception e)
            {
                _failures.Enqueue(e);
                await _consume.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
            finally
            {
                Interlocked.Decrement(ref _handling);
            }
        };
        await _consume.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
    }

    private async Task DispatchAsync(BasicDeliverEventArgs received)
    {
        // A slow consumer of that client's messages: this one (and all behind it: one dispatcher) waits unacknowledged.
        if (settings.Client(received.RoutingKey) is { } publisher && faults(publisher.Id).SlowConsumer is { Ticks: > 0 } slow)
            await Task.Delay(slow, time, _stopping.Token);
        var verdict = checks.Check(received.Body, received.BasicProperties.ContentType, received.BasicProperties.Persistent, received.RoutingKey);
        if (verdict is Delivery delivery)
        {
            await DeliverAsync(delivery, received.DeliveryTag);
            return;
        }
        var refusal = (Refusal)verdict;
        // The routing key is the sender: its topic permission lets it publish with no other.
        if (settings.Client(received.RoutingKey) is { } sender)
            await PublishAsync(errors.For(sender, refusal.Code, refusal.Cause, refusal.DistributionId, refusal.Source));
        await _consume.BasicAckAsync(received.DeliveryTag, multiple: false);
    }

    private async Task DeliverAsync(Delivery delivery, ulong tag)
    {
        var link = faults(delivery.RecipientId);
        if (link.Latency > TimeSpan.Zero) await Task.Delay(link.Latency, time, _stopping.Token);
        if (link.Reorder && !_held.ContainsKey(delivery.RecipientId))
        {
            _held[delivery.RecipientId] = (delivery, tag);
            return;
        }
        await ForwardAsync(delivery, tag, link);
        if (_held.Remove(delivery.RecipientId, out var held)) await ForwardAsync(held.Delivery, held.Tag, link);
    }

    private async Task ForwardAsync(Delivery delivery, ulong tag, LinkFaults link)
    {
        try
        {
            await PublishAsync(delivery);
            if (link.Duplicate) await PublishAsync(delivery);
        }
        catch (PublishReturnException)
        {
            // The recipient is configured but its queue is gone: nobody can take the message.
            if (settings.Client(delivery.SenderId) is { } sender)
                await PublishAsync(errors.For(sender, HubErrorCode.UnroutableMessage, $"no queue {RecipientQueues.Name(delivery.RecipientId, delivery.Queue)}", delivery.DistributionId, null));
        }
        await _consume.BasicAckAsync(tag, multiple: false);
    }

    private async Task AnswerDeadLetterAsync(BasicDeliverEventArgs received)
    {
        var reason = Header(received.BasicProperties, "x-first-death-reason");
        var encoding = DispatcherChecks.EncodingOf(received.BasicProperties.ContentType);
        var envelope = encoding is null ? null : EnvelopeFields.Read(received.Body.Span, encoding.Value);
        if (envelope?.SenderId is { } senderId && senderId != settings.HubId && settings.Client(senderId) is { } sender)
        {
            var code = reason == "expired" ? HubErrorCode.ExpiredMessageBeforeRouting : HubErrorCode.DeadLetterQueued;
            var queue = Header(received.BasicProperties, "x-first-death-queue");
            await PublishAsync(errors.For(sender, code, $"dead-lettered from {queue} ({reason})", envelope.DistributionId, envelope.Json));
        }
        await _consume.BasicAckAsync(received.DeliveryTag, multiple: false);
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Puts <paramref name="delivery"/> in its recipient's queue as it is, unchecked (a faulty HubEx).</summary>
    public Task InjectAsync(Delivery delivery) => PublishAsync(delivery);

    private async Task PublishAsync(Delivery delivery)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = delivery.ContentType,
            MessageId = delivery.DistributionId,
            Expiration = ((long)delivery.TimeToLive.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            // The broker checks user_id against the login: only what the HubEx itself writes carries its id.
            UserId = delivery.SenderId == settings.HubId ? settings.HubId : null,
        };
        await _publish.BasicPublishAsync(settings.DistributionExchange, RecipientQueues.Name(delivery.RecipientId, delivery.Queue), mandatory: true, properties, delivery.Body);
    }

    public async ValueTask DisposeAsync()
    {
        // A delivery waiting out its latency would hold the channel's close forever.
        await _stopping.CancelAsync();
        if (_consume is not null) await _consume.DisposeAsync();
        if (_publish is not null) await _publish.DisposeAsync();
        _stopping.Dispose();
    }
}
