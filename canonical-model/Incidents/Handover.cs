namespace MCIC2.Interop.CanonicalModel.Incidents;

public enum HandoverKind
{
    /// <summary>The incident passes to another force (police CIC ⇄ gendarmerie CORG), by jurisdiction.</summary>
    IncidentHandover,
    /// <summary>A request for assistance (demande de concours) to SDIS or SAMU.</summary>
    AssistanceRequest,
}

public enum HandoverState
{
    /// <summary>Sent; waiting for the partner's acknowledgement (RC-REF).</summary>
    Sent,
    /// <summary>Acknowledged; waiting for the answer.</summary>
    Acknowledged,
    Accepted,
    Refused,
    Partial,
    /// <summary>No answer in time: resent to the partner's backup address.</summary>
    Escalated,
    /// <summary>Still no answer: an operator must act (phone the partner).</summary>
    OperatorAlerted,
}

/// <summary>
/// A handover or request for assistance in progress or done: who asked whom, what was answered, and when the
/// hub will act if nothing is answered. Part of the incident, so every partner's view shows it.
/// </summary>
public sealed class Handover
{
    public string Id { get; set; } = "";
    public HandoverKind Kind { get; set; }
    public string FromPartner { get; set; } = "";
    public string ToPartner { get; set; } = "";

    /// <summary>Why: e.g. "commune 35238 is in gendarmerie zone (CORG 35)".</summary>
    public string? Reason { get; set; }

    public HandoverState State { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When the hub escalates if the state has not moved on; null once answered.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The distribution id of the message that carried the handover (acknowledgements name it).</summary>
    public string? DeliveryId { get; set; }

    /// <summary>The partner's reason for a refusal or partial answer.</summary>
    public string? AnswerReason { get; set; }

    public List<HandoverStep> History { get; set; } = [];
}

public sealed class HandoverStep
{
    public DateTimeOffset At { get; set; }
    public HandoverState State { get; set; }
    public string? Note { get; set; }
}
