namespace MCIC2.Interop.Adapters.HubEx.Topology;

/// <summary>The three queues every client has, <c>&lt;clientId&gt;.message</c>, <c>.ack</c> and <c>.info</c>.</summary>
public enum ClientQueue
{
    /// <summary>Reports, updates and cancellations (RC-EDA, EMSI, ...).</summary>
    Message,
    /// <summary>Functional acknowledgements (RC-REF).</summary>
    Ack,
    /// <summary>Errors (RS-ERROR), the hub's own among them.</summary>
    Info,
}

public static class ClientQueues
{
    public static IReadOnlyList<ClientQueue> All { get; } = [ClientQueue.Message, ClientQueue.Ack, ClientQueue.Info];

    public static string Name(string clientId, ClientQueue queue) => queue switch
    {
        ClientQueue.Message => $"{clientId}.message",
        ClientQueue.Ack => $"{clientId}.ack",
        ClientQueue.Info => $"{clientId}.info",
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    /// <summary>The queue an envelope's <c>distributionKind</c> goes to, as Hub Santé routes it; null for a kind it
    /// does not know.</summary>
    public static ClientQueue? ForDistributionKind(string distributionKind) => distributionKind switch
    {
        "Report" or "Update" or "Cancel" => ClientQueue.Message,
        "Ack" => ClientQueue.Ack,
        "Error" => ClientQueue.Info,
        _ => null,
    };
}
