using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Adapters.HubEx.Connection;

/// <summary>What a consumer decided for one delivery.</summary>
public abstract record Settlement
{
    /// <summary>Done with (stored, or reported): the broker may forget it.</summary>
    public sealed record Ack : Settlement;

    /// <summary>Not now: after <see cref="Pause"/>, this delivery and every later one still unacknowledged go back to the
    /// queue, in their order, to be received again.</summary>
    public sealed record GiveBack(TimeSpan Pause) : Settlement;

    public static Settlement Done { get; } = new Ack();
}

/// <summary>
/// Consumes one queue with manual acknowledgements, one delivery at a time in the queue's order, with at most
/// <c>prefetch</c> unacknowledged. A delivery is acknowledged only when its handler says so, on the channel that
/// delivered it; when that channel is gone first the broker has requeued the delivery, which comes again (the hub
/// recognises a message it stored already). A given-back delivery ends the session: the later ones, already
/// prefetched, are not handed to the handler before it, and closing the channel requeues them all in their order, so
/// a pause never reorders the queue. A lost connection is reopened with the connection's back-off.
/// </summary>
public sealed class QueueConsumer(HubExConnection connection, string queue, ushort prefetch, TimeProvider time)
{
    public async Task RunAsync(Func<BasicDeliverEventArgs, CancellationToken, Task<Settlement>> handle, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeOneSessionAsync(handle, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a connection attempt cut short fails with the client library's own exception
                // (BrokerUnreachableException), not a cancellation; nothing is left to consume for.
                return;
            }
            catch (BrokerUnavailableException)
            {
                // Recorded by the connection; wait for its next attempt below.
            }
            catch (OperationInterruptedException lost)
            {
                await connection.LostAsync($"consuming {queue}: AMQP {lost.ShutdownReason?.ReplyCode} {lost.ShutdownReason?.ReplyText}");
            }
            var pause = connection.UntilNextAttempt;
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Consumes until the channel is lost or a delivery is given back.</summary>
    private async Task ConsumeOneSessionAsync(Func<BasicDeliverEventArgs, CancellationToken, Task<Settlement>> handle, CancellationToken cancellationToken)
    {
        await using var channel = await connection.OpenChannelAsync(new CreateChannelOptions(false, false), cancellationToken);
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken);
        // Passive: a client has no right to declare (403); a missing queue fails here with 404, and is asked for again
        // after the back-off.
        await channel.QueueDeclarePassiveAsync(queue, cancellationToken);

        var ended = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            ended.TrySetResult(reason.Initiator == ShutdownInitiator.Application ? null : $"AMQP {reason.ReplyCode} {reason.ReplyText}");
            return Task.CompletedTask;
        };
        var givenBack = false;
        // Held while a delivery is handled: a stop waits for it, so what the handler settled is acknowledged before the
        // channel closes (else a message stored just before the stop came again after the restart).
        var handling = new SemaphoreSlim(1, 1); // not disposed: a handler past the bounded wait still releases it
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            // Prefetched behind a given-back delivery: left unacknowledged, returned with it when the channel closes.
            if (givenBack) return;
            await handling.WaitAsync(CancellationToken.None);
            try
            {
                switch (await handle(delivery, cancellationToken))
                {
                    case Settlement.Ack:
                        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
                        break;
                    case Settlement.GiveBack giveBack:
                        givenBack = true;
                        await Task.Delay(giveBack.Pause, time, cancellationToken);
                        // Not a nack: the broker would deliver the nacked message again at once, behind those
                        // prefetched after it. Closing the channel returns every unacknowledged delivery in its order.
                        ended.TrySetResult(null);
                        break;
                }
            }
            catch (OperationInterruptedException)
            {
                // The channel that delivered it is gone: the broker requeued it already.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: unacknowledged, it is requeued when the channel closes.
            }
            finally
            {
                handling.Release();
            }
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

        string? problem;
        try
        {
            problem = await ended.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The handler sees the same token, so it ends soon; bounded in case the broker stops answering the ack.
            await handling.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            throw;
        }
        if (problem is not null) await connection.LostAsync($"consuming {queue}: {problem}");
    }
}
