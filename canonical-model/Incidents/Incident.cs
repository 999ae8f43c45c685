using System.Text.Json.Nodes;

namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>
/// The canonical emergency incident: what every partner format is translated to and from.
/// One incident is shared by police (CIC), gendarmerie (CORG), SDIS and SAMU, each knowing it by its own reference.
/// </summary>
public sealed class Incident
{
    public IncidentIdentity Identity { get; set; } = new();

    /// <summary>When the case was created (CISU <c>creation</c>: start of sharing).</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    public Qualification? Qualification { get; set; }

    public IncidentLocation? Location { get; set; }

    /// <summary>The alerts (calls) in order: the initial alert first, then the new alerts.</summary>
    public List<Alert> Alerts { get; set; } = [];

    public List<EngagedResource> Resources { get; set; } = [];

    public List<AssistanceRequest> AssistanceRequests { get; set; } = [];

    /// <summary>Handovers to another force and requests for assistance, with their state and deadlines.</summary>
    public List<Handover> Handovers { get; set; } = [];

    /// <summary>Free-text notes on the case itself (alert notes stay with their alert).</summary>
    public List<Note> Notes { get; set; } = [];

    /// <summary>Key/value details a partner attached (CISU <c>additionalInformation.customMap</c>).</summary>
    public List<CustomDetail> CustomDetails { get; set; } = [];

    /// <summary>What happened to the incident, in order: created, qualified, resource engaged, handed over...</summary>
    public List<TimelineEntry> Timeline { get; set; } = [];

    /// <summary>
    /// What a partner format carries that the model does not interpret, keyed by source format
    /// (e.g. <c>RC-EDA</c>), so that a message converted to canonical and back comes out identical.
    /// </summary>
    public Dictionary<string, JsonNode?> Preserved { get; set; } = [];
}

/// <summary>Who said a part of the incident, when, and in which message.</summary>
public sealed record Provenance(string? Partner, DateTimeOffset? At, string Format, string? MessageId = null);

public sealed class Note
{
    public DateTimeOffset? CreatedAt { get; set; }
    public string? Text { get; set; }
    public Provenance? Provenance { get; set; }
}

public sealed class CustomDetail
{
    public string Key { get; set; } = "";
    public string? Label { get; set; }
    public string Value { get; set; } = "";
    public string? FreeText { get; set; }
}

public sealed class TimelineEntry
{
    public DateTimeOffset At { get; set; }
    public string Kind { get; set; } = "";
    public string? Description { get; set; }
    public Provenance? Provenance { get; set; }
}
