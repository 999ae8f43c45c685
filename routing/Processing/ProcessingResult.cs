namespace MCIC2.Interop.Routing.Processing;

public enum ProcessingVerdict
{
    /// <summary>Applied and routed: deliveries and the sender's RC-REF are in the outbox.</summary>
    Routed,
    /// <summary>Already received (same distribution id): nothing done again.</summary>
    Duplicate,
    /// <summary>Recorded; nothing to route (an acknowledgement, an answer already known...).</summary>
    Recorded,
    /// <summary>Kept until its case arrives.</summary>
    Held,
    /// <summary>Refused: the sender's RS-ERROR with the code is in the outbox.</summary>
    Refused,
}

/// <summary>What one message did, and which outbox queues it filled (their workers are woken).</summary>
public sealed record ProcessingResult(ProcessingVerdict Verdict, string Detail, IReadOnlyList<Delivery.DeliveryQueue> QueuesToWake);
