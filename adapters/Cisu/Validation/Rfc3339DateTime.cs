using System.Globalization;
using System.Text.RegularExpressions;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// The draft-07 <c>date-time</c> format: an RFC 3339 date-time, offset mandatory, with real calendar values.
/// The CISU form without <c>Z</c> (<c>YYYY-MM-DDThh:mm:ss±hh:mm</c>) is enforced by the schemas' own patterns.
/// The instant must also exist on the hub's calendar (years 1 to 9999 in UTC): <c>0001-01-01T00:00:00+01:00</c> is
/// well-formed but before any time the hub — or its partners — can represent.
/// </summary>
internal static partial class Rfc3339DateTime
{
    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))\z",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string text)
    {
        if (text.Any(c => c > 127)) return false; // \d must not accept non-ASCII digits
        var m = Shape().Match(text);
        if (!m.Success) return false;
        int Part(int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part(1), Part(2), Part(3));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        // second 60 is a leap second in RFC 3339
        if (Part(4) > 23 || Part(5) > 59 || Part(6) > 60) return false;
        if (m.Groups[9].Success && (Part(9) > 23 || Part(10) > 59)) return false;
        var offset = m.Groups[9].Success ? (m.Groups[8].Value[0] == '-' ? -1 : 1) * (Part(9) * 60 + Part(10)) : 0;
        var local = new DateTime(year, month, day).Ticks + (Part(4) * 60L + Part(5)) * TimeSpan.TicksPerMinute;
        var utc = local - offset * TimeSpan.TicksPerMinute;
        // the whole minute is within range, so is any second of it
        return utc >= DateTime.MinValue.Ticks && utc + TimeSpan.TicksPerMinute <= DateTime.MaxValue.Ticks + 1;
    }
}
