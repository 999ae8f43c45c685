namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>How a Pégase local time was turned into an instant.</summary>
public enum LocalTimeResolution
{
    Unambiguous,

    /// <summary>In the autumn hour that happens twice (02:00–02:59 on the last Sunday of October): taken as its first
    /// occurrence, in summer time (+02:00).</summary>
    AmbiguousAutumnHour,

    /// <summary>In the spring hour that never happens (02:00–02:59 on the last Sunday of March): the clock that wrote it
    /// had not moved yet, so it is read in winter time (+01:00), i.e. 02:30 becomes 03:30+02:00.</summary>
    MissingSpringHour,
}

/// <summary>
/// Metropolitan French legal time (Europe/Paris) by the EU rule in force since 1996: summer time (+02:00) from the
/// last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, +01:00 otherwise. Computed here rather
/// than read from the machine's tz database, so that the migration gives the same instants on every machine.
/// </summary>
public static class ParisLocalTime
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    public static DateTimeOffset Resolve(DateTime local, out LocalTimeResolution resolution)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var springGap = LastSunday(local.Year, 3).AddHours(2);
        var autumnOverlap = LastSunday(local.Year, 10).AddHours(2);
        if (local >= springGap && local < springGap.AddHours(1))
        {
            resolution = LocalTimeResolution.MissingSpringHour;
            return new DateTimeOffset(local, Winter);
        }
        if (local >= autumnOverlap && local < autumnOverlap.AddHours(1))
        {
            resolution = LocalTimeResolution.AmbiguousAutumnHour;
            return new DateTimeOffset(local, Summer);
        }
        resolution = LocalTimeResolution.Unambiguous;
        return new DateTimeOffset(local, local >= springGap && local < autumnOverlap ? Summer : Winter);
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
