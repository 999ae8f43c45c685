using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Copies a logical JSON tree with its object properties in schema order, checking on the way what the XML
/// encoding needs: every property is known to the schema, arrays are arrays, scalars have the schema's type —
/// and what the hub can carry (<see cref="CisuBounds"/>): numbers the mapping reads (a decimal; an integer in 64 bits),
/// strings and ids of bounded length, free content included. Both encodings go through it, so a tree that passes can
/// be written in either, and mapped.
/// </summary>
internal sealed class SchemaOrderedCopy(List<Problem> problems)
{
    /// <param name="maxBytes">The longest a string may be here: <see cref="CisuBounds.MaxIdBytes"/> for an id.</param>
    public JsonNode? Of(JsonNode? value, SchemaNode schema, string path, int maxBytes = CisuBounds.MaxTextBytes)
    {
        if (value is null)
        {
            Add(path, "null is not allowed; omit the property instead");
            return null;
        }
        switch (schema.Kind)
        {
            case SchemaKind.Object:
                return value is JsonObject obj ? ObjectOf(obj, schema, path) : Wrong(path, "an object", value);
            case SchemaKind.Open:
                if (value is not JsonObject) return Wrong(path, "an object", value);
                CheckFree(value, path);
                return value.DeepClone();
            case SchemaKind.Array:
                if (value is not JsonArray array) return Wrong(path, "an array", value);
                var copy = new JsonArray();
                for (var i = 0; i < array.Count; i++) copy.Add(Of(array[i], schema.Items!, $"{path}[{i}]", maxBytes));
                return copy;
            default:
                return ScalarOf(value, schema.Kind, path, maxBytes);
        }
    }

    /// <param name="except">A property left out of the copy without complaint (the use case beside the RC-DE header).</param>
    public JsonObject ObjectOf(JsonObject obj, SchemaNode schema, string path, string? except = null)
    {
        var copy = new JsonObject();
        foreach (var (name, node) in schema.Properties)
        {
            if (obj.TryGetPropertyValue(name, out var child))
                copy[name] = Of(child, node, $"{path}.{name}", CisuBounds.IdProperties.Contains(name) ? CisuBounds.MaxIdBytes : CisuBounds.MaxTextBytes);
        }
        foreach (var (name, _) in obj)
        {
            if (name != except && schema.Property(name) is null) Add($"{path}.{name}", "unknown property: the schema does not define it");
        }
        return copy;
    }

    private JsonNode? ScalarOf(JsonNode value, SchemaKind kind, string path, int maxBytes)
    {
        var valueKind = value.GetValueKind();
        var fits = kind switch
        {
            SchemaKind.String => valueKind == JsonValueKind.String,
            SchemaKind.Number => valueKind == JsonValueKind.Number,
            // xs:integer has no fraction nor exponent, so neither may the JSON text.
            SchemaKind.Integer => valueKind == JsonValueKind.Number && value.ToJsonString().All(c => c is '-' || char.IsAsciiDigit(c)),
            SchemaKind.Boolean => valueKind is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        };
        if (!fits) return Wrong(path, $"a {kind.ToString().ToLowerInvariant()}", value);
        CheckScalar((JsonValue)value, kind == SchemaKind.Integer, path, maxBytes);
        return value.DeepClone();
    }

    /// <summary>Free content has no types to check, only the bounds: its strings and numbers, at any depth.</summary>
    private void CheckFree(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    CheckLength(name, CisuBounds.MaxTextBytes, path);
                    CheckFree(child, $"{path}.{name}");
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) CheckFree(array[i], $"{path}[{i}]");
                break;
            case JsonValue value:
                CheckScalar(value, integer: false, path, CisuBounds.MaxTextBytes);
                break;
        }
    }

    /// <summary>A string within <paramref name="maxBytes"/>; a number within what the mapping reads it as, a decimal
    /// (±7.9e28, at most 18 significant digits: <see cref="MaxDecimalDigits"/>), and an integer within the XSDs' <c>xs:int</c> (32 bits), so that JSON accepts no integer
    /// XML partners refuse. Beyond them (<c>1e999</c>, <c>0.1e400</c>) JSON and XML are still well-formed, but reading
    /// the value failed deep in the mapping.</summary>
    private void CheckScalar(JsonValue value, bool integer, string path, int maxBytes)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                CheckLength(value.GetValue<string>(), maxBytes, path);
                break;
            case JsonValueKind.Number:
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(value.ToJsonString()));
                reader.Read();
                var lexical = value.ToJsonString();
                if (integer ? !reader.TryGetInt32(out _) : !reader.TryGetDecimal(out _) || SignificantDigits(lexical) > MaxDecimalDigits)
                    Add(path, integer
                        ? $"{Excerpt.Of(lexical)} is beyond the integers CISU carries (xs:int, {int.MinValue} to {int.MaxValue})"
                        : $"{Excerpt.Of(lexical)} is beyond the numbers the hub carries (a decimal of at most {MaxDecimalDigits} significant digits, below 7.9e28)");
                break;
        }
    }

    /// <summary>The digits every XML Schema processor reads in an <c>xs:decimal</c> (XSD 1.0's minimum, totalDigits 18):
    /// libxml2 refuses beyond 24, so a coordinate of 25 digits the hub passed on exactly was refused by XML partners
    /// (found by the fuzz campaign's second opinion).</summary>
    private const int MaxDecimalDigits = 18;

    /// <summary>The digits of a number's mantissa without its leading zeros, nor the trailing zeros of its fraction.</summary>
    private static int SignificantDigits(string lexical)
    {
        var mantissa = lexical.Split('e', 'E')[0].TrimStart('-');
        var digits = mantissa.Contains('.') ? mantissa.Replace(".", "", StringComparison.Ordinal).TrimEnd('0') : mantissa;
        return digits.TrimStart('0').Length;
    }

    private void CheckLength(string text, int maxBytes, string path)
    {
        // Counting bytes only when the characters could exceed them: UTF-8 takes at most 3 bytes per UTF-16 unit.
        if (text.Length * 3 > maxBytes && System.Text.Encoding.UTF8.GetByteCount(text) is var bytes && bytes > maxBytes)
            Add(path, maxBytes == CisuBounds.MaxIdBytes
                ? $"an identifier of {bytes} bytes is longer than the {maxBytes} bytes ids may have (they travel in AMQP and HTTP headers)"
                : $"{bytes} bytes of text, longer than the {maxBytes} bytes the hub carries in one string");
    }

    private JsonNode? Wrong(string path, string expected, JsonNode value)
    {
        Add(path, $"expected {expected}, found {value.GetValueKind().ToString().ToLowerInvariant()}");
        return null;
    }

    private void Add(string path, string message)
    {
        // bounded as the schema validator's report, against a flood of bad values
        if (problems.Count < JsonSchemaValidator.MaxProblems) problems.Add(new Problem(HubErrorCode.InvalidMessage, path, message));
    }
}
