using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>A CISU <c>coord</c> (WGS-84). RC-EDA carries heading, speed and precision; RC-RI and GEO-POS
/// carry only lat/lon/height, so the optional parts are simply absent there.</summary>
internal static class CoordPart
{
    public static GeoPoint Read(PayloadCursor c) => new()
    {
        Latitude = c.Decimal("lat") ?? throw c.Missing("lat"),
        Longitude = c.Decimal("lon") ?? throw c.Missing("lon"),
        Height = c.Decimal("height"),
        Heading = c.Decimal("heading"),
        Speed = c.Decimal("speed"),
        Precision = c.String("precision"),
    };

    public static void Write(PayloadBuilder c, GeoPoint p) => c
        .Decimal("lat", p.Latitude)
        .Decimal("lon", p.Longitude)
        .Decimal("height", p.Height)
        .Decimal("heading", p.Heading)
        .Decimal("speed", p.Speed)
        .String("precision", p.Precision);
}
