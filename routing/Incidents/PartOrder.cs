using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>
/// Where a part goes in the incident's lists, and which of two statements of a part wins. Both depend on what the
/// partners said and when they said it, never on arrival order: the same messages give the same incident.
/// </summary>
internal static class PartOrder
{
    /// <summary>True when <paramref name="incoming"/> was said after <paramref name="existing"/> (ties: the sender
    /// id decides, so two partners speaking the same second still give one result).</summary>
    public static bool IsNewer(Provenance? incoming, Provenance? existing)
    {
        if (existing?.At is not { } existingAt) return true;
        if (incoming?.At is not { } incomingAt) return false;
        return incomingAt > existingAt
            || (incomingAt == existingAt && string.CompareOrdinal(incoming.Partner, existing.Partner) >= 0);
    }

    /// <summary>Inserts after every item that does not sort after it (stable: equal items keep arrival order).</summary>
    public static void Insert<T>(List<T> list, T item, Comparison<T> compare, int from = 0)
    {
        var index = list.Count;
        while (index > from && compare(list[index - 1], item) > 0) index--;
        list.Insert(index, item);
    }

    public static int ByTime(DateTimeOffset? a, DateTimeOffset? b) =>
        (a, b) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => a.Value.CompareTo(b.Value),
        };

    /// <summary>Adds timeline entries not already there, in time order.</summary>
    public static void MergeTimeline(List<TimelineEntry> timeline, IEnumerable<TimelineEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (timeline.Any(e => e.At == entry.At && e.Kind == entry.Kind && e.Description == entry.Description)) continue;
            Insert(timeline, entry, (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Provenance?.Partner, b.Provenance?.Partner));
        }
    }
}
