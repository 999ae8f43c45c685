namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>Where the incident is: address, commune (INSEE code), WGS-84 point, access details, free text.</summary>
public sealed class IncidentLocation
{
    public string? LocationId { get; set; }
    public string? Label { get; set; }
    public string? Name { get; set; }
    public List<ExternalLocationId> ExternalIds { get; set; } = [];
    public Address? Address { get; set; }
    public Commune? Commune { get; set; }
    public AccessDetails? Access { get; set; }
    public GeoPoint? Point { get; set; }

    /// <summary>When the position was determined (CISU <c>geometry.datetime</c>).</summary>
    public DateTimeOffset? PositionTime { get; set; }

    /// <summary>A sketch of the location as the partner drew it (kept as given).</summary>
    public string? Sketch { get; set; }

    public List<ExternalInfo> ExternalInfo { get; set; } = [];

    /// <summary>ISO 3166 country code.</summary>
    public string? Country { get; set; }

    public string? FreeText { get; set; }
    public Provenance? Provenance { get; set; }
}

public sealed class ExternalLocationId
{
    public string Source { get; set; } = "";
    public string Value { get; set; } = "";
}

public sealed class ExternalInfo
{
    public string FreeText { get; set; } = "";
    public string Type { get; set; } = "";
    public string Uri { get; set; } = "";
}

public sealed class Address
{
    public string? Complete { get; set; }
    public string? Number { get; set; }
    public WayName? Way { get; set; }
}

public sealed class WayName
{
    public string? Complete { get; set; }
    public string? Type { get; set; }
    public string? Name { get; set; }
}

/// <summary>A French commune, identified by its INSEE code (the key of jurisdiction: police or gendarmerie zone).</summary>
public sealed class Commune
{
    public string? Name { get; set; }
    public string? InseeCode { get; set; }
    public string? Detail { get; set; }
}

public sealed class AccessDetails
{
    public string? Floor { get; set; }
    public string? RoomNumber { get; set; }
    public string? Interphone { get; set; }
    public List<string> AccessCodes { get; set; } = [];
    public string? Elevator { get; set; }
    public string? BuildingName { get; set; }
    public string? Entrance { get; set; }
    public string? Entity { get; set; }
    public string? PhoneNumber { get; set; }
}

/// <summary>A WGS-84 point. Coordinates keep the sender's decimal digits (decimal, not double).</summary>
public sealed class GeoPoint
{
    public decimal Latitude { get; set; }
    public decimal Longitude { get; set; }
    public decimal? Height { get; set; }
    public decimal? Heading { get; set; }
    public decimal? Speed { get; set; }

    /// <summary>How precise the point is (CISU: <c>ADRESSE</c>, <c>VILLE</c>, <c>EXACTE</c>...).</summary>
    public string? Precision { get; set; }
}
