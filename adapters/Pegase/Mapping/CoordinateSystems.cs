namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>Which Lambert system a Pégase coordinate pair is in, and whether a point is plausible.</summary>
public static class CoordinateSystems
{
    /// <summary>coord_systeme as written: <c>L2E</c> or <c>L93</c>; null when blank or unknown.</summary>
    public static LambertSystem? Declared(string? column) => column?.Trim().ToUpperInvariant() switch
    {
        "L2E" => LambertSystem.LambertIIEtendu,
        "L93" => LambertSystem.Lambert93,
        _ => null,
    };

    /// <summary>The two systems' northings never overlap over metropolitan France (Lambert II étendu ~1.6–2.7 Mm,
    /// Lambert-93 ~6.0–7.2 Mm), so a blank coord_systeme is decided by the range; null when in neither.</summary>
    public static LambertSystem? ByRange(decimal x, decimal y) => (x, y) switch
    {
        ( >= 0 and <= 1_300_000, >= 1_600_000 and <= 2_750_000) => LambertSystem.LambertIIEtendu,
        ( >= 0 and <= 1_300_000, >= 6_000_000 and <= 7_200_000) => LambertSystem.Lambert93,
        _ => null,
    };

    /// <summary>Metropolitan France and Corsica with a margin.</summary>
    public static bool InMetropolitanFrance(double longitude, double latitude) =>
        longitude is >= -5.5 and <= 10 && latitude is >= 41 and <= 51.5;
}
