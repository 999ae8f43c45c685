namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>A call (alert) received about the incident: caller, call taker, reception time, notes, attachments.</summary>
public sealed class Alert
{
    public string Id { get; set; } = "";
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>CISU <c>reporting</c>: <c>STANDARD</c> or <c>ATTENTION</c> (a sensitive or unusual alert).</summary>
    public string? Reporting { get; set; }

    public List<Note> Notes { get; set; } = [];
    public Caller? Caller { get; set; }
    public IncidentLocation? Location { get; set; }
    public Qualification? Qualification { get; set; }
    public CallTaker? CallTaker { get; set; }
    public List<Attachment> Attachments { get; set; } = [];
    public Provenance? Provenance { get; set; }
}

public sealed class Caller
{
    public Contact? Contact { get; set; }
    public Contact? CallbackContact { get; set; }
    public string? Language { get; set; }

    /// <summary>Who calls: <c>APPELANT</c>, <c>TIERS</c>, <c>VICTIME</c>...</summary>
    public string? Type { get; set; }

    public string? Communication { get; set; }
    public string? FreeText { get; set; }
    public PersonName? Name { get; set; }
}

public sealed class Contact
{
    public string? Channel { get; set; }
    public string? Type { get; set; }
    public string? Detail { get; set; }
}

public sealed class PersonName
{
    public string? Complete { get; set; }
    public string? LastName { get; set; }
    public string? FirstName { get; set; }
}

/// <summary>The operator who took the call, in which organisation and control room.</summary>
public sealed class CallTaker
{
    public string? Organization { get; set; }
    public string? ControlRoom { get; set; }
    public string? Role { get; set; }
    public Contact? Contact { get; set; }
    public string? CallTakerId { get; set; }
}

public sealed class Attachment
{
    public string? Description { get; set; }
    public string? MimeType { get; set; }
    public long? Size { get; set; }
    public string Uri { get; set; } = "";
    public string? DerefUri { get; set; }
    public string? Digest { get; set; }
}
