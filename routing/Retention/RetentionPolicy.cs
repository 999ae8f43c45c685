namespace MCIC2.Interop.Routing.Retention;

/// <summary>
/// How long the hub keeps what it has finished with (<c>Hub:Retention:*</c>, docs/routing.md#retention). Nothing is
/// removed while it is still owed to someone: a message with a delivery pending or a dead letter not yet replayed or
/// discarded, a message held for its case, an incident with an open handover or with such messages.
/// </summary>
/// <param name="Messages">A received message and every delivery it caused (routed copies, RC-REF, RS-ERROR, replays)
/// are removed together this long after the last of them happened (received, written or delivered).</param>
/// <param name="Incidents">An incident is removed this long after the hub last changed it.</param>
/// <param name="BatchSize">Rows of each kind removed per transaction: each batch holds the store's writer briefly.</param>
public sealed record RetentionPolicy(TimeSpan Messages, TimeSpan Incidents, int BatchSize)
{
    /// <summary>30 days for messages; 6 years for incidents (the limitation period of délits, code de procédure
    /// pénale art. 8: assumed, see docs/routing.md#retention); 500 rows per batch.</summary>
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(30), TimeSpan.FromDays(6 * 366), 500);

    /// <summary>Refuses a policy that would remove everything at once or never finish a batch.</summary>
    public RetentionPolicy Checked() =>
        Messages <= TimeSpan.Zero || Incidents <= TimeSpan.Zero || BatchSize < 1
            ? throw new ArgumentException($"Hub:Retention needs Messages and Incidents above zero and BatchSize at least 1 (got {Messages}, {Incidents}, {BatchSize})")
            : this;
}

/// <summary>What one retention pass removed (or, on a dry run, would remove).</summary>
/// <param name="ReclaimedBytes">Space given back to the file system (SQLite's incremental vacuum); 0 where the
/// engine reuses freed space itself (PostgreSQL).</param>
public sealed record RetentionReport(bool DryRun, long Messages, long Deliveries, long Incidents, long ReclaimedBytes)
{
    public override string ToString()
    {
        var removed = $"{(DryRun ? "would remove" : "removed")} {Counted(Messages, "received message")} with their {Counted(Deliveries, "delivery", "deliveries")}, and {Counted(Incidents, "incident")}";
        return ReclaimedBytes > 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{removed}; {ReclaimedBytes / 1024.0 / 1024.0:0.0} MB given back to the file system")
            : removed;
    }

    private static string Counted(long count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
