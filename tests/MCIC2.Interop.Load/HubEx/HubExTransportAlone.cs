using System.Diagnostics;
using System.Globalization;
using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// The broker's share, measured on the run's broker right after the routed run, with the load's own bodies: one
/// delivery of the hub alone (its <see cref="HubExChannel"/>, no store), and the raw rate of publish-with-confirms to a
/// plain queue, consumed at once — the ceiling a routed message, which crosses the broker twice or more, stays under.
/// </summary>
public static class HubExTransportAlone
{
    private const int HubDeliveries = 500;
    private const ushort Prefetch = 256;

    /// <summary>The hub's channel sending to <paramref name="clientId"/>'s <c>.message</c> (a quorum queue), one at a time.</summary>
    public static async Task<(string, string)> HubDeliveryAsync(HubExOptions hub, string clientId, IReadOnlyList<byte[]> bodies)
    {
        await using var channel = new HubExChannel(hub, TimeProvider.System);
        var latencies = new Latencies();
        for (var i = 0; i < HubDeliveries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await channel.SendAsync(new OutgoingMessage($"probe-{i}", clientId, clientId, "probe", "RC-RI", "Update", "application/json", bodies[i % bodies.Count]), CancellationToken.None);
            if (result.Outcome != DeliveryOutcome.Delivered) throw new InvalidOperationException($"probe delivery: {result.Outcome} {result.Detail}");
            latencies.Record(Stopwatch.GetElapsedTime(started));
        }
        return ($"HubEx delivery alone: the hub's publish with confirm to a client's quorum queue ({HubDeliveries}, sequential, no store)", latencies.Summary());
    }

    /// <summary>
    /// One client (the hub's user, which may declare queues; the same TLS + EXTERNAL connection as the clients')
    /// publishes every body persistent with confirms to a durable queue of its own, <paramref name="inFlight"/> at a
    /// time (as many as the routed run's clients), and consumes them on the same connection meanwhile.
    /// </summary>
    public static async Task<IReadOnlyList<(string, string)>> RawPublishAsync(HubExOptions hub, IReadOnlyList<byte[]> bodies, int inFlight, bool quorum)
    {
        var kind = quorum ? "quorum" : "classic";
        var queue = $"load.raw.{kind}";
        await using var connection = new HubExConnection(hub, "raw", TimeProvider.System);
        await using var consuming = await connection.OpenChannelAsync(new CreateChannelOptions(false, false), CancellationToken.None);
        await consuming.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null);
        await consuming.BasicQosAsync(0, Prefetch, global: false);

        var published = new long[bodies.Count];
        var confirmed = new long[bodies.Count];
        var consumed = new long[bodies.Count];
        var remaining = bodies.Count;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consuming);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            consumed[int.Parse(delivery.BasicProperties.MessageId!, CultureInfo.InvariantCulture)] = Stopwatch.GetTimestamp();
            await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Decrement(ref remaining) == 0) allConsumed.TrySetResult();
        };
        await consuming.BasicConsumeAsync(queue, autoAck: false, consumer);

        await using var publishing = await connection.OpenChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), CancellationToken.None);
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                published[i] = Stopwatch.GetTimestamp();
                await publishing.BasicPublishAsync("", queue, mandatory: true,
                    new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = i.ToString(CultureInfo.InvariantCulture) }, bodies[i]);
                confirmed[i] = Stopwatch.GetTimestamp();
            }
        }));
        var allConfirmed = Stopwatch.GetElapsedTime(start);
        await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var all = Stopwatch.GetElapsedTime(start);

        var confirms = new Latencies();
        var endToEnd = new Latencies();
        for (var i = 0; i < bodies.Count; i++)
        {
            confirms.Record(Stopwatch.GetElapsedTime(published[i], confirmed[i]));
            endToEnd.Record(Stopwatch.GetElapsedTime(published[i], consumed[i]));
        }
        var what = $"raw publish-with-confirms, durable {kind} queue";
        return
        [
            ($"{what}: {bodies.Count} persistent publishes, {inFlight} in flight, consumed meanwhile", $"{bodies.Count / all.TotalSeconds:0} msg/s consumed ({all.TotalSeconds:0.0} s; all confirmed at {bodies.Count / allConfirmed.TotalSeconds:0} msg/s)"),
            ($"{what}: confirm latency (p50 / p95 / p99 / max)", confirms.Summary(50, 95, 99)),
            ($"{what}: publish → consumed (p50 / p95 / p99 / max)", endToEnd.Summary(50, 95, 99)),
        ];
    }
}
