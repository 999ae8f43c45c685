using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Adapters.HubEx.Dispatching;

/// <summary>
/// The hub's dispatcher: consumes what clients publish to the send exchange and hands each message to the hub's
/// intake, in the queue's order. Accepted: acknowledged to the broker, only now that the intake stored it. Refused:
/// its RS-ERROR goes to the sender's <c>.info</c> (with publisher confirms), then it is acknowledged. Not now, or the
/// intake failed: it stays in the queue and comes again after a pause.
/// </summary>
/// <param name="replies">Sends the intake's refusals; the hub's <see cref="HubExChannel"/>.</param>
public sealed class HubExDispatcher(HubExOptions options, IPartnerChannel replies, TimeProvider time) : IInboundChannel, IAsyncDisposable
{
    private readonly HubExConnection _connection = new(options, "dispatch", time);
    private DateTimeOffset? _lastExchangeAt;

    public string Name => HubExChannel.ChannelName;

    public HubExLinkHealth Health => new(_connection.IsOpen, _lastExchangeAt, null, _connection.LastProblem);

    public Task ReceiveAsync(IMessageIntake intake, CancellationToken cancellationToken) =>
        new QueueConsumer(_connection, options.DispatcherQueue, options.Prefetch, time)
            .RunAsync((delivery, ct) => DispatchAsync(intake, delivery, ct), cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<Settlement> DispatchAsync(IMessageIntake intake, BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        var message = new InboundMessage(
            Body: delivery.Body.ToArray(),
            ContentType: delivery.BasicProperties.ContentType,
            Channel: Name,
            // The broker lets a client publish to the send exchange only with its own id as routing key (its topic
            // permission, set by HubExDefinitions), and the client logged in by certificate: so the routing key is the
            // authenticated sender, not just a claim. (The hub's own user has no such limit; it never sends here.)
            AuthenticatedSender: delivery.RoutingKey,
            SenderClaimedByChannel: delivery.RoutingKey,
            Persistent: delivery.BasicProperties.Persistent);

        IntakeVerdict verdict;
        try
        {
            verdict = await intake.ReceiveAsync(message, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Stored or not, we cannot tell: it comes again, and the intake recognises a message it stored already.
            return new Settlement.GiveBack(options.FaultPause);
        }
        _lastExchangeAt = time.GetUtcNow();

        switch (verdict)
        {
            case IntakeVerdict.Accepted:
                return Settlement.Done;
            case IntakeVerdict.NotNow notNow:
                return new Settlement.GiveBack(notNow.RetryAfter);
            case IntakeVerdict.Refused { Reply: { } reply }:
                var sent = await replies.SendAsync(reply, cancellationToken);
                // The sender is owed its RS-ERROR: received again, the message is refused again and the reply retried.
                // A reply that cannot be sent at all (refused by the channel) would not be sent on any later try.
                return sent.Outcome == DeliveryOutcome.TransientFailure ? new Settlement.GiveBack(options.FaultPause) : Settlement.Done;
            default:
                return Settlement.Done;
        }
    }
}
