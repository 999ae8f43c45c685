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

    /// <summary>
    /// Adds <paramref name="item"/> unless the list already has the same part; true when added. When two partners
    /// say the same thing, the one who said it first is kept as its source, whichever message arrived first.
    /// </summary>
    public static bool AddOnce<T>(List<T> list, T item, Func<T, T, bool> same, Func<T, Provenance?> provenance, Comparison<T> order, int from = 0)
    {
        var index = list.FindIndex(existing => same(existing, item));
        if (index < 0)
        {
            Insert(list, item, order, from);
            return true;
        }
        if (provenance(list[index]) != provenance(item) && IsNewer(provenance(list[index]), provenance(item)))
        {
            if (index < from) list[index] = item;
            else
            {
                list.RemoveAt(index);
                Insert(list, item, order, from);
            }
        }
        return false;
    }

    /// <summary>Adds timeline entries not already there, in time order.</summary>
    public static void MergeTimeline(List<TimelineEntry> timeline, IEnumerable<TimelineEntry> entries)
    {
        foreach (var entry in entries)
        {
            AddOnce(timeline, entry, (a, b) => a.At == b.At && a.Kind == b.Kind && a.Description == b.Description, e => e.Provenance,
                (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.Provenance?.Partner, b.Provenance?.Partner));
        }
    }
}
