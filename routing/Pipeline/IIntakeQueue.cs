using Wolverine;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>Where the intake hands accepted messages; returns once the message is durably stored.</summary>
public interface IIntakeQueue
{
    Task EnqueueAsync(AcceptedMessage message, CancellationToken ct);
}

/// <summary>Embedded and PostgreSQL profiles: the durable local queue of the message's incident key.</summary>
public sealed class LocalIncidentQueue(IMessageBus bus, IncidentQueues queues) : IIntakeQueue
{
    // Sending to a durable local queue stores the envelope in the message store before returning.
    public async Task EnqueueAsync(AcceptedMessage message, CancellationToken ct) =>
        await bus.EndpointFor(queues.For(message.IncidentKey)).SendAsync(message);
}

/// <summary>
/// Kafka profile: the intake topic, keyed by incident key, so Kafka's partition order is the incident order.
/// The durable outbox stores the envelope before returning and forwards it to Kafka (idempotent producer).
/// </summary>
public sealed class KeyedTopicQueue(IMessageBus bus) : IIntakeQueue
{
    public async Task EnqueueAsync(AcceptedMessage message, CancellationToken ct) =>
        await bus.PublishAsync(message, new DeliveryOptions { PartitionKey = message.IncidentKey, GroupId = message.IncidentKey });
}
