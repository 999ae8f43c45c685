using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Health;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.PartnerLinks.Channels;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Adapters.HubEx.Dispatching;

/// <summary>
/// The hub's dispatcher: consumes what clients publish to the send exchange and hands each message to the hub's
/// intake, in the queue's order, settled by <see cref="IntakeHandoff"/>: acknowledged once stored; refused, its RS-ERROR
/// goes to the sender's <c>.info</c> first; not now, it comes again after a pause.
/// </summary>
/// <param name="replies">Sends the intake's refusals; the hub's <see cref="HubExChannel"/>.</param>
public sealed class HubExDispatcher(HubExOptions options, IPartnerChannel replies, TimeProvider time) : IInboundChannel, IAsyncDisposable
{
    private readonly HubExConnection _connection = new(options, "dispatch", time);
    private readonly IntakeHandoff _handoff = new(replies.SendAsync, options.FaultPause, time);

    public string Name => HubExChannel.ChannelName;

    public HubExLinkHealth Health => new(_connection.IsOpen, _handoff.LastExchangeAt, null, _connection.LastProblem);

    public Task ReceiveAsync(IMessageIntake intake, CancellationToken cancellationToken) =>
        new QueueConsumer(_connection, options.DispatcherQueue, options.Prefetch, time)
            .RunAsync((delivery, ct) => _handoff.HandAsync(intake, MessageOf(delivery), ct), cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private InboundMessage MessageOf(BasicDeliverEventArgs delivery) => new(
        Body: delivery.Body.ToArray(),
        ContentType: delivery.BasicProperties.ContentType,
        Channel: Name,
        // The broker lets a client publish to the send exchange only with its own id as routing key (its topic
        // permission, set by HubExDefinitions), and the client logged in by certificate: so the routing key is the
        // authenticated sender, not just a claim. (The hub's own user has no such limit; it never sends here.)
        AuthenticatedSender: delivery.RoutingKey,
        SenderClaimedByChannel: delivery.RoutingKey,
        Persistent: delivery.BasicProperties.Persistent);
}
