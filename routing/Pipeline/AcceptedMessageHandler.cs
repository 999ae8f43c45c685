namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>The bus's only handler: hands each accepted message to the processor (same handler in every profile).</summary>
public static class AcceptedMessageHandler
{
    public static Task HandleAsync(AcceptedMessage message, IMessageProcessor processor, CancellationToken ct) =>
        processor.ProcessAsync(message, ct);
}
