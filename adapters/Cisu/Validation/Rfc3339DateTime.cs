using System.Globalization;
using System.Text.RegularExpressions;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// The draft-07 <c>date-time</c> format: an RFC 3339 date-time, offset mandatory, with real calendar values.
/// The CISU form without <c>Z</c> (<c>YYYY-MM-DDThh:mm:ss±hh:mm</c>) is enforced by the schemas' own patterns.
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
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)) return false;
        // second 60 is a leap second in RFC 3339
        if (Part(4) > 23 || Part(5) > 59 || Part(6) > 60) return false;
        return !m.Groups[9].Success || (Part(9) <= 23 && Part(10) <= 59);
    }
}
