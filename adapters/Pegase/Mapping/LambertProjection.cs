using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>The two Lambert projections found in Pégase rows.</summary>
public enum LambertSystem
{
    /// <summary>NTF (Paris) / Lambert zone II étendu, EPSG:27572: rows written before the move to RGF93.</summary>
    LambertIIEtendu,

    /// <summary>RGF93 / Lambert-93, EPSG:2154: the legal system since 2000 (décret 2000-1276), newer rows.</summary>
    Lambert93,
}

/// <summary>
/// Lambert (metres) → WGS-84 (degrees) with ProjNET. NTF → WGS-84 uses IGN's three-parameter shift
/// (−168, −60, +320 m), which IGN gives as accurate to a few metres over metropolitan France (its grid gr3df97a,
/// not shipped here, brings that to a few centimetres); RGF93 is taken as WGS-84 (they differ by centimetres).
/// </summary>
public static class LambertProjection
{
    // IGN defines zone II by φ0 = 52 gr (46.8°) and k0 = 0.99987742; ProjNET has no one-parallel Lambert, so it is
    // written with its two secant parallels 45°53'56.108" and 47°41'45.652" (the same projection; a test checks k0);
    // and its Paris meridian as a Greenwich central meridian, because ProjNET applies a non-Greenwich prime meridian
    // after the datum shift (measured: 7 m off in longitude).
    private const string LambertIIEtenduWkt = """
        PROJCS["NTF (Paris) / Lambert zone II",GEOGCS["NTF (Paris)",DATUM["Nouvelle_Triangulation_Francaise_Paris",
        SPHEROID["Clarke 1880 (IGN)",6378249.2,293.466021293627],TOWGS84[-168,-60,320,0,0,0,0]],
        PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],
        PARAMETER["standard_parallel_1",45.898918964],PARAMETER["standard_parallel_2",47.696014502],
        PARAMETER["latitude_of_origin",46.8],PARAMETER["central_meridian",2.33722917],PARAMETER["false_easting",600000],PARAMETER["false_northing",2200000],UNIT["metre",1]]
        """;

    private const string Lambert93Wkt = """
        PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93",DATUM["Reseau_Geodesique_Francais_1993",
        SPHEROID["GRS 1980",6378137,298.257222101],TOWGS84[0,0,0,0,0,0,0]],PRIMEM["Greenwich",0],
        UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],
        PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["latitude_of_origin",46.5],
        PARAMETER["central_meridian",3],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1]]
        """;

    private static readonly MathTransform FromLambertIIEtendu = ToWgs84(LambertIIEtenduWkt);
    private static readonly MathTransform FromLambert93 = ToWgs84(Lambert93Wkt);
    private static readonly MathTransform ToLambertIIEtenduTransform = FromWgs84(LambertIIEtenduWkt);
    private static readonly MathTransform ToLambert93Transform = FromWgs84(Lambert93Wkt);

    /// <summary>(longitude, latitude) in WGS-84 degrees.</summary>
    public static (double Longitude, double Latitude) ToWgs84(LambertSystem system, double x, double y)
    {
        var transform = system == LambertSystem.LambertIIEtendu ? FromLambertIIEtendu : FromLambert93;
        var (lon, lat) = transform.Transform(x, y);
        return (lon, lat);
    }

    /// <summary>The inverse (the generator writes its rows with it).</summary>
    public static (double X, double Y) FromWgs84(LambertSystem system, double longitude, double latitude)
    {
        var transform = system == LambertSystem.LambertIIEtendu ? ToLambertIIEtenduTransform : ToLambert93Transform;
        return transform.Transform(longitude, latitude);
    }

    private static MathTransform ToWgs84(string wkt) =>
        new CoordinateTransformationFactory().CreateFromCoordinateSystems(Parse(wkt), GeographicCoordinateSystem.WGS84).MathTransform;

    private static MathTransform FromWgs84(string wkt) =>
        new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, Parse(wkt)).MathTransform;

    private static CoordinateSystem Parse(string wkt) =>
        (CoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt.ReplaceLineEndings(""));
}
