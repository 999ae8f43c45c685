namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// A message the hub has accepted: valid, enveloped, not expired, and durably queued before its sender was answered.
/// Carries the original bytes (the processor re-decodes them) rather than the canonical model, so what is stored
/// in the bus is exactly what the partner sent.
/// </summary>
public sealed record AcceptedMessage(
    string DistributionId,
    string SenderId,
    string IncidentKey,
    string Family,
    string ContentType,
    byte[] Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The format <see cref="Body"/> is in. Null only on a message queued before formats were recorded: it is
    /// read by its content type then.</summary>
    public string? Format { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the message's intake span: processing continues its trace after the bus.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// Processes one accepted message in one store transaction (dedup by distribution id, apply, route, enqueue
/// deliveries). The bus calls it once per message, one at a time per incident key; it may be called again for the
/// same message after a crash or a retry, so it must be idempotent by <see cref="AcceptedMessage.DistributionId"/>.
/// Throwing a transient failure (<see cref="RetryPolicy.IsTransient"/>) means "try again": the bus retries, then
/// dead-letters; any other failure is dead-lettered at once.
/// </summary>
public interface IMessageProcessor
{
    Task ProcessAsync(AcceptedMessage message, CancellationToken ct);
}
