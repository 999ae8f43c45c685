namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// The EMSI codes the hub writes when the model gives none (a case translated from another family), each a
/// value of the EMSI schema's lists, with why it was chosen.
/// </summary>
public static class EmsiDefaults
{
    /// <summary>A mission type is required; <c>GEN/SUPRTN</c> (support) is the most general of the list.</summary>
    public const string MissionType = "GEN/SUPRTN";

    /// <summary>A mission we create is in progress: the request or answer is current.</summary>
    public const string MissionStatus = "IPR";

    /// <summary>The content holds personal and health data: restricted.</summary>
    public const string SecurityClass = "RESTRC";

    /// <summary>The event's position is one WGS-84 point.</summary>
    public const string PointShape = "POINT";
    public const string Wgs84 = "EPSG-4326";

    /// <summary>A CISU engaged resource is a vehicle with its crew.</summary>
    public const string ResourceClass = "MAT/VEH";

    /// <summary>The most general event category: public safety.</summary>
    public const string EventCategory = "PSW";

    /// <summary>The persons are what every partner acts for; EMSI has no generic actor.</summary>
    public const string EventActor = "PPL";

    /// <summary>The schema's documented default: the kind of place travels as text.</summary>
    public const string LocationType = "OTH";
}
