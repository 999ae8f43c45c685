namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>The bus's only handler: hands each accepted message to the processor (same handler in every profile).</summary>
public static class AcceptedMessageHandler
{
    public static async Task HandleAsync(AcceptedMessage message, IMessageProcessor processor, RecoveryBarrier recovery, CancellationToken ct)
    {
        await recovery.WaitAsync(ct);
        await processor.ProcessAsync(message, ct);
    }
}
