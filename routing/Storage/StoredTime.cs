using System.Globalization;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// Times are stored as ISO 8601 text with their offset ("o" format, 100 ns precision): the same column type and
/// the same value on SQLite and PostgreSQL, readable in a database shell, and the sender's offset kept.
/// In one offset this text sorts as time: SQL compares it as text only where the hub writes it in UTC (handover
/// deadlines, incidents' last change); elsewhere as instants (<see cref="SqlDialect.Instant"/>, the retention's ages)
/// or in the workers.
/// </summary>
internal static class StoredTime
{
    public static string Write(DateTimeOffset at) => at.ToString("o", CultureInfo.InvariantCulture);

    public static string? Write(DateTimeOffset? at) => at is { } value ? Write(value) : null;

    public static DateTimeOffset Read(string text) =>
        DateTimeOffset.ParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ReadOptional(string? text) => text is null ? null : Read(text);
}
