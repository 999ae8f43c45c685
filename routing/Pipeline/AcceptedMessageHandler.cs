namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>The bus's only handler: hands each accepted message to the processor (same handler in every profile).</summary>
public static class AcceptedMessageHandler
{
    public static Task HandleAsync(AcceptedMessage message, IMessageProcessor processor, CancellationToken ct) =>
        processor.ProcessAsync(message, ct);
}

/// <summary>
/// Stands in until the routing processor is wired: refuses every message so it is retried and then kept in the
/// dead letters (replayable), never silently dropped.
/// </summary>
public sealed class UnwiredMessageProcessor : IMessageProcessor
{
    public Task ProcessAsync(AcceptedMessage message, CancellationToken ct) =>
        throw new InvalidOperationException($"no message processor is wired; {message.DistributionId} stays in the bus");
}
