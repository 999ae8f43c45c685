namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>
/// A request for assistance (demande de concours) from one service to another, e.g. SAMU asks SDIS for a
/// carence ambulance, and the answer it received.
/// </summary>
public sealed class AssistanceRequest
{
    public string Id { get; set; } = "";

    /// <summary>The organisation asking, e.g. <c>fr.health.samu690</c>.</summary>
    public string? RequestingOrganization { get; set; }

    /// <summary>Why assistance is requested (EMSI: the second field of <c>#DEMANDE_CONCOURS#…#</c>, e.g. <c>CARENCE</c>).</summary>
    public string? Reason { get; set; }

    /// <summary>The nature of the help requested, a code of the shared list (e.g. <c>Z.01.00.00</c>).</summary>
    public string? RequestedCode { get; set; }

    /// <summary>EMSI mission type of the request (e.g. <c>FSTT/TA</c>).</summary>
    public string? MissionType { get; set; }

    public string? FreeText { get; set; }
    public DateTimeOffset? RequestedAt { get; set; }
    public string? Priority { get; set; }

    /// <summary>The answers in order (a partial answer may be followed by a full one).</summary>
    public List<AssistanceAnswer> Answers { get; set; } = [];

    public Provenance? Provenance { get; set; }
}

public enum AssistanceAnswerKind
{
    Accepted,
    Refused,
    Partial,
    /// <summary>The partner proposes something other than what was asked.</summary>
    Divergent,
}

public sealed class AssistanceAnswer
{
    public AssistanceAnswerKind Kind { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? AnsweringOrganization { get; set; }
    public Provenance? Provenance { get; set; }
}
