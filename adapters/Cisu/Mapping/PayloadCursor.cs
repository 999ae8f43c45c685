using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>
/// Reads a CISU payload by taking its fields out of a private copy: whatever is still there when the
/// mapper is done is what the canonical model does not interpret, and is preserved as the residue.
/// </summary>
public sealed class PayloadCursor
{
    private readonly JsonObject _node;

    public PayloadCursor(JsonObject node, string path)
    {
        _node = node;
        Path = path;
    }

    /// <summary>Starts on a deep copy, so the caller's document is never modified.</summary>
    public static PayloadCursor Over(JsonObject payload, string path) => new((JsonObject)payload.DeepClone(), path);

    public string Path { get; }

    public bool Has(string name) => _node.ContainsKey(name);

    public string? String(string name) => Take(name) is { } v ? v.GetValue<string>() : null;

    public string RequiredString(string name) =>
        String(name) ?? throw Missing(name);

    public decimal? Decimal(string name) => Take(name) is { } v ? v.GetValue<decimal>() : null;

    /// <summary>An integer, also where the schema types a number (RS-ERROR <c>statusCode</c>): <c>300.0</c> reads as 300.
    /// The reader has bounded every number to a decimal; Deserialize rather than GetValue: a payload built in memory
    /// may hold an int, a parsed one a JsonElement.</summary>
    public long? Integer(string name)
    {
        if (Take(name) is not { } v) return null;
        var number = v.Deserialize<decimal>();
        return decimal.Truncate(number) == number && number is >= long.MinValue and <= long.MaxValue
            ? (long)number
            : throw new MappingException($"{Path}.{name}", $"{number.ToString(CultureInfo.InvariantCulture)} is not an integer");
    }

    public bool? Boolean(string name) => Take(name) is { } v ? v.GetValue<bool>() : null;

    public DateTimeOffset? Time(string name)
    {
        var text = String(name);
        if (text is null) return null;
        return CisuTime.TryParse(text, out var value)
            ? value
            : throw new MappingException($"{Path}.{name}", $"'{text}' is not a CISU date-time (yyyy-MM-ddTHH:mm:ss±hh:mm)");
    }

    public DateTimeOffset RequiredTime(string name) =>
        Time(name) ?? throw Missing(name);

    /// <summary>The refusal of a required property <paramref name="name"/> that is absent.</summary>
    public MappingException Missing(string name) => new($"{Path}.{name}", "is missing but it is required");

    /// <summary>Reads a child object with <paramref name="read"/>; the child is removed once nothing is left in it.</summary>
    public T? Object<T>(string name, Func<PayloadCursor, T?> read) where T : class
    {
        if (_node[name] is not JsonObject child) return null;
        var result = read(new PayloadCursor(child, $"{Path}.{name}"));
        if (child.Count == 0) _node.Remove(name);
        return result;
    }

    /// <summary>Reads each element of an array of objects; emptied elements stay as <c>{}</c> placeholders so the
    /// residue keeps its indexes, and the array goes once all are empty.</summary>
    public List<T> Objects<T>(string name, Func<PayloadCursor, T> read)
    {
        if (_node[name] is not JsonArray array) return [];
        var result = new List<T>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject element) result.Add(read(new PayloadCursor(element, $"{Path}.{name}[{i}]")));
        }
        if (array.All(e => e is JsonObject { Count: 0 })) _node.Remove(name);
        return result;
    }

    /// <summary>Takes a free-form value as it is (e.g. a refused message quoted in an error report).</summary>
    public JsonNode? Raw(string name) => Take(name);

    public List<string> Strings(string name)
    {
        if (Take(name) is not JsonArray array) return [];
        return array.Select(e => e!.GetValue<string>()).ToList();
    }

    private JsonNode? Take(string name)
    {
        if (!_node.TryGetPropertyValue(name, out var value)) return null;
        _node.Remove(name);
        return value;
    }

    /// <summary>What remains unread, or null when everything was interpreted.</summary>
    public JsonObject? Residue() => _node.Count == 0 ? null : _node;
}

/// <summary>CISU timestamps: seconds precision and an explicit offset, never <c>Z</c>.</summary>
public static class CisuTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:sszzz";

    public static string Format(DateTimeOffset value) => value.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}

/// <summary>A payload that passed validation could still not be mapped (code 600 MESSAGE_CONVERSION_ERROR).</summary>
public sealed class MappingException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
    public string Reason { get; } = message;
}
