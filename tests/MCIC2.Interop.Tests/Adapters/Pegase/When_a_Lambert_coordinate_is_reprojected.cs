using MCIC2.Interop.Adapters.Pegase.Mapping;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>
/// Against the constants IGN publishes for both projections (the projection origins and their false
/// easting/northing) and, for the NTF datum, against the three-parameter shift computed independently here
/// (geographic → geocentric on Clarke 1880 IGN, + (−168, −60, +320) m, → geographic on WGS-84).
/// </summary>
[TestClass]
public sealed class When_a_Lambert_coordinate_is_reprojected
{
    private const double Centimetre = 1e-7; // degrees, ~1 cm (ProjNET's iterative inverse stops at a few millimetres)

    [TestMethod]
    public void The_Lambert_93_origin_is_3_degrees_east_46_degrees_30_north()
    {
        var (lon, lat) = LambertProjection.ToWgs84(LambertSystem.Lambert93, 700_000, 6_600_000);

        Assert.AreEqual(3.0, lon, Centimetre);
        Assert.AreEqual(46.5, lat, Centimetre);
    }

    [TestMethod]
    public void The_Lambert_II_etendu_origin_is_the_Paris_meridian_at_52_grades_shifted_from_NTF_to_WGS_84()
    {
        // IGN: origin φ0 = 52 gr = 46.8°, λ0 = 0 gr Paris = 2°20'14.025" Greenwich; X0 = 600 000 m, Y0 = 2 200 000 m.
        var (expectedLon, expectedLat) = NtfToWgs84(2.337229166667, 46.8);

        var (lon, lat) = LambertProjection.ToWgs84(LambertSystem.LambertIIEtendu, 600_000, 2_200_000);

        Assert.AreEqual(expectedLon, lon, 1e-6, "0.1 m");
        Assert.AreEqual(expectedLat, lat, 1e-6, "0.1 m");
        Assert.IsTrue(Math.Abs(lon - 2.337229166667) > 1e-4, "the NTF → WGS-84 shift (~100 m) is applied");
    }

    [TestMethod]
    public void The_Lambert_II_etendu_scale_on_its_origin_parallel_is_IGN_s_0_99987742()
    {
        // Northings of two NTF points 0.001° either side of φ0 on the Paris meridian, over the meridian arc between them.
        const double a = 6378249.2, b = 6356515.0, phi0 = 46.8, delta = 0.001;
        var (lonS, latS) = NtfToWgs84(2.337229166667, phi0 - delta);
        var (lonN, latN) = NtfToWgs84(2.337229166667, phi0 + delta);
        var south = LambertProjection.FromWgs84(LambertSystem.LambertIIEtendu, lonS, latS);
        var north = LambertProjection.FromWgs84(LambertSystem.LambertIIEtendu, lonN, latN);
        var e2 = 1 - b * b / (a * a);
        var sin = Math.Sin(phi0 * Math.PI / 180);
        var meridianRadius = a * (1 - e2) / Math.Pow(1 - e2 * sin * sin, 1.5);

        var scale = (north.Y - south.Y) / (meridianRadius * 2 * delta * Math.PI / 180);

        Assert.AreEqual(0.99987742, scale, 2e-7);
        Assert.AreEqual(600_000, (north.X + south.X) / 2, 0.01, "on the Paris meridian");
    }

    [TestMethod]
    public void Going_to_either_Lambert_and_back_returns_the_point_within_a_centimetre()
    {
        foreach (var (lon, lat) in new[] { (-1.6778, 48.1173), (2.3522, 48.8566), (4.8357, 45.7640), (-1.5536, 47.2184), (9.45, 42.7) })
        {
            foreach (var system in Enum.GetValues<LambertSystem>())
            {
                var (x, y) = LambertProjection.FromWgs84(system, lon, lat);
                var back = LambertProjection.ToWgs84(system, x, y);
                Assert.AreEqual(lon, back.Longitude, Centimetre, $"{system} {lon} {lat}");
                Assert.AreEqual(lat, back.Latitude, Centimetre, $"{system} {lon} {lat}");
            }
        }
    }

    private static (double Lon, double Lat) NtfToWgs84(double lonDeg, double latDeg)
    {
        var (x, y, z) = Geocentric(lonDeg, latDeg, 6378249.2, 6356515.0);
        return Geographic(x - 168, y - 60, z + 320, 6378137.0, 1 / 298.257223563);
    }

    private static (double X, double Y, double Z) Geocentric(double lonDeg, double latDeg, double a, double b)
    {
        var e2 = 1 - b * b / (a * a);
        double lon = lonDeg * Math.PI / 180, lat = latDeg * Math.PI / 180;
        var n = a / Math.Sqrt(1 - e2 * Math.Sin(lat) * Math.Sin(lat));
        return (n * Math.Cos(lat) * Math.Cos(lon), n * Math.Cos(lat) * Math.Sin(lon), n * (1 - e2) * Math.Sin(lat));
    }

    private static (double Lon, double Lat) Geographic(double x, double y, double z, double a, double f)
    {
        var e2 = f * (2 - f);
        var p = Math.Sqrt(x * x + y * y);
        var lat = Math.Atan2(z, p * (1 - e2));
        for (var i = 0; i < 10; i++)
        {
            var n = a / Math.Sqrt(1 - e2 * Math.Sin(lat) * Math.Sin(lat));
            lat = Math.Atan2(z + e2 * n * Math.Sin(lat), p);
        }
        return (Math.Atan2(y, x) * 180 / Math.PI, lat * 180 / Math.PI);
    }
}
