namespace MCIC2.Interop.Routing.Handovers;

/// <summary>How long the hub waits at each step of a handover before acting (configuration <c>Hub:Handovers</c>).</summary>
public sealed record HandoverOptions
{
    /// <summary>From sending to the partner's acknowledgement (RC-REF).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>From the acknowledgement to the answer (accepted, refused...).</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After the resend to the backup address, before an operator is alerted.</summary>
    public TimeSpan EscalationTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static HandoverOptions Default { get; } = new();
}
