using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.CanonicalModel.Messages;

/// <summary>
/// One partner message in canonical form: how it was distributed, and what it says — about an incident
/// (case creation, engaged resources, EMSI), or about another message (acknowledgement, error report), or
/// about resource positions. Exactly one of the content parts is set, according to <see cref="Family"/>.
/// </summary>
public sealed class CanonicalMessage
{
    /// <summary>The family the message was read from (<see cref="MessageFamilies"/>).</summary>
    public string Family { get; set; } = "";

    /// <summary>The EDXL-DE envelope and RC-DE header; null for a bare payload.</summary>
    public Distribution? Distribution { get; set; }

    public Incident? Incident { get; set; }
    public Acknowledgement? Acknowledgement { get; set; }
    public ErrorReport? Error { get; set; }
    public List<PositionReport> Positions { get; set; } = [];
    public PositionRequest? PositionRequest { get; set; }
    public List<ResourceDescription> ResourceDescriptions { get; set; } = [];

    /// <summary>
    /// What the source format carries outside the incident and that the model does not interpret (envelope
    /// extras, XML namespaces used), keyed by format, so that the message comes back identical.
    /// </summary>
    public Dictionary<string, JsonNode?> Preserved { get; set; } = [];
}

/// <summary>The message families of the CISU framework the hub speaks.</summary>
public static class MessageFamilies
{
    public const string CaseCreation = "RC-EDA";
    public const string ResourcesInfo = "RC-RI";
    public const string Reference = "RC-REF";
    public const string Emsi = "EMSI";
    public const string Error = "RS-ERROR";
    public const string GeoPositions = "GEO-POS";
    public const string GeoRequest = "GEO-REQ";
    public const string GeoResources = "GEO-RES";

    public static IReadOnlyList<string> All { get; } =
        [CaseCreation, ResourcesInfo, Reference, Emsi, Error, GeoPositions, GeoRequest, GeoResources];

    /// <summary>The hub's own canonical form, which the incident-change feed carries: not a CISU family, so not in <see cref="All"/>.</summary>
    public const string Canonical = "CANONICAL";
}

/// <summary>EDXL-DE distribution element and RC-DE header: who sent what to whom, when, until when.</summary>
public sealed class Distribution
{
    public string DistributionId { get; set; } = "";
    public string SenderId { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }

    /// <summary>After this instant the message must not be delivered (EDXL <c>dateTimeExpires</c>).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary><c>Actual</c>, <c>Exercise</c>, <c>System</c> or <c>Test</c>.</summary>
    public string Status { get; set; } = "";

    /// <summary><c>Report</c>, <c>Update</c>, <c>Cancel</c>, <c>Request</c>, <c>Ack</c> or <c>Error</c>.</summary>
    public string Kind { get; set; } = "";

    public string? Language { get; set; }

    /// <summary>The addressee the sender named (EDXL <c>descriptor.explicitAddress</c>).</summary>
    public ExplicitAddress? ExplicitAddress { get; set; }

    /// <summary>The RC-DE header inside the content; null when the content has none.</summary>
    public MessageHeader? Header { get; set; }
}

public sealed class ExplicitAddress
{
    /// <summary>Addressing scheme, <c>hubex</c> on the Hub Santé.</summary>
    public string Scheme { get; set; } = "";
    public string Value { get; set; } = "";
}

public sealed class MessageHeader
{
    public string MessageId { get; set; } = "";
    public Party Sender { get; set; } = new();
    public DateTimeOffset SentAt { get; set; }
    public string Kind { get; set; } = "";
    public string Status { get; set; } = "";
    public List<Party> Recipients { get; set; } = [];
}

public sealed class Party
{
    public string Name { get; set; } = "";
    public string Uri { get; set; } = "";
}

/// <summary>RC-REF: the functional acknowledgement of a received message (or its refusal).</summary>
public sealed class Acknowledgement
{
    public string AcknowledgedDistributionId { get; set; } = "";
    public bool? Refused { get; set; }
    public string? ErrorDistributionId { get; set; }
    public string? Step { get; set; }
}

/// <summary>RS-ERROR: a message was refused; the code says why, the cause explains it.</summary>
public sealed class ErrorReport
{
    public int StatusCode { get; set; }
    public string StatusString { get; set; } = "";
    public string Cause { get; set; } = "";
    public string ReferencedDistributionId { get; set; } = "";

    /// <summary>The refused message as received, when it could be kept (possibly invalid, hence untyped).</summary>
    public JsonNode? SourceMessage { get; set; }
}

/// <summary>GEO-POS: where a resource is now.</summary>
public sealed class PositionReport
{
    public string ResourceId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public GeoPoint Point { get; set; } = new();
    public decimal? Speed { get; set; }
    public decimal? Cap { get; set; }
    public string? Move { get; set; }
    public bool? EngineOn { get; set; }
    public bool? GroundStatus { get; set; }
    public string? Status { get; set; }
    public string? EngagedStatus { get; set; }
}

/// <summary>GEO-REQ: a partner asks for the positions of resources.</summary>
public sealed class PositionRequest
{
    public List<string> ResourceIds { get; set; } = [];
}

/// <summary>GEO-RES: the description of a resource that positions refer to.</summary>
public sealed class ResourceDescription
{
    public string ResourceId { get; set; } = "";
    public string OrganizationId { get; set; } = "";
    public string? Name { get; set; }
    public string ResourceType { get; set; } = "";
    public string? Nature { get; set; }
    public string? Mobility { get; set; }
    public string? Capacity { get; set; }
    public List<ResourceContact> Contacts { get; set; } = [];
}
