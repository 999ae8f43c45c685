namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// Where every incident change goes for the other MCIC2 modules (Kafka profile): an outbox queue of its own, keyed by
/// <see cref="Id"/>, written in <see cref="Format"/> and sent on <see cref="Channel"/> to <see cref="Address"/> (a topic).
/// Not a partner: it receives no CISU message, answers nothing and is never a sender.
/// </summary>
public sealed record IncidentChangeFeed(string Id, string Format, string Channel, string Address);
