namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>A resource (vehicle, team) a partner engaged on the incident, with its status history.</summary>
public sealed class EngagedResource
{
    public string ResourceId { get; set; } = "";

    /// <summary>When the resource was engaged / last described (CISU RC-RI <c>datetime</c>).</summary>
    public DateTimeOffset? DescribedAt { get; set; }

    public string? RequestId { get; set; }
    public string? MissionId { get; set; }
    public string? OperationId { get; set; }

    /// <summary>The organisation the resource belongs to, e.g. <c>fr.fire.sis035.cgo-035</c>.</summary>
    public string? OrganizationId { get; set; }

    public string? CenterName { get; set; }
    public string? CenterCity { get; set; }

    /// <summary>CISU vehicle type: <c>SIS</c>, <c>SMUR</c>, <c>POL</c>...</summary>
    public string? VehicleType { get; set; }

    public string? Name { get; set; }
    public ResourceTeam? Team { get; set; }

    /// <summary>Statuses in the order they were reported; the last one is the current status.</summary>
    public List<ResourceStatus> StatusHistory { get; set; } = [];

    public ResourcePosition? Position { get; set; }
    public ResourceContact? Contact { get; set; }
    public List<string> FreeText { get; set; } = [];
    public Provenance? Provenance { get; set; }
}

public sealed class ResourceTeam
{
    public string? MedicalLevel { get; set; }
    public string? Name { get; set; }
}

public sealed class ResourceStatus
{
    /// <summary>CISU status: <c>DECISION</c>, <c>DEPART</c>, <c>ARRIVEE</c>, <c>TRANSPORT</c>, <c>FIN</c>...</summary>
    public string Status { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public bool? Available { get; set; }
}

public sealed class ResourcePosition
{
    public DateTimeOffset At { get; set; }
    public decimal? Speed { get; set; }
    public GeoPoint Point { get; set; } = new();
}

public sealed class ResourceContact
{
    public string? Type { get; set; }
    public string? Details { get; set; }
}
