namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>
/// The hub's own id for an incident plus every partner's reference to it. Partners never share one number:
/// the CISU shared <c>caseId</c> is built by the creator, EMSI carries its own <c>EVENT.ID</c>, Pégase and the
/// gendarmerie number their own files.
/// </summary>
public sealed class IncidentIdentity
{
    /// <summary>Assigned by the hub when the incident is first stored; null on a message not yet applied.</summary>
    public string? HubId { get; set; }

    /// <summary>CISU shared case id: <c>{country}.{domain}.{organisation}.{senderCaseId}</c>.</summary>
    public string? CaseId { get; set; }

    /// <summary>The case number in the sending system (CISU <c>senderCaseId</c>).</summary>
    public string? SenderCaseId { get; set; }

    /// <summary>EMSI <c>EVENT.ID</c>: the event id in the sender's system.</summary>
    public string? EmsiEventId { get; set; }

    /// <summary>EMSI <c>EVENT.MAIN_EVENT_ID</c>: in CISU exchanges, the shared caseId.</summary>
    public string? EmsiMainEventId { get; set; }

    /// <summary>The legacy Pégase incident number, while a CIC still runs Pégase.</summary>
    public string? PegaseNumber { get; set; }

    /// <summary>The gendarmerie (CORG) file number.</summary>
    public string? GendarmerieNumber { get; set; }
}
