using System.Globalization;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// Times are stored as ISO 8601 text with their offset ("o" format, 100 ns precision): the same column type and
/// the same value on SQLite and PostgreSQL, readable in a database shell, and the sender's offset kept.
/// The store never compares times in SQL (the workers do), so text ordering does not matter.
/// </summary>
internal static class StoredTime
{
    public static string Write(DateTimeOffset at) => at.ToString("o", CultureInfo.InvariantCulture);

    public static string? Write(DateTimeOffset? at) => at is { } value ? Write(value) : null;

    public static DateTimeOffset Read(string text) =>
        DateTimeOffset.ParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ReadOptional(string? text) => text is null ? null : Read(text);
}
