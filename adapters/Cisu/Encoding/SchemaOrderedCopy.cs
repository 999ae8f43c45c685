using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Copies a logical JSON tree with its object properties in schema order, checking on the way what the XML
/// encoding needs: every property is known to the schema, arrays are arrays, scalars have the schema's type.
/// Both encodings go through it, so a tree that passes can be written in either.
/// </summary>
internal sealed class SchemaOrderedCopy(List<Problem> problems)
{
    public JsonNode? Of(JsonNode? value, SchemaNode schema, string path)
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
                return value is JsonObject ? value.DeepClone() : Wrong(path, "an object", value);
            case SchemaKind.Array:
                if (value is not JsonArray array) return Wrong(path, "an array", value);
                var copy = new JsonArray();
                for (var i = 0; i < array.Count; i++) copy.Add(Of(array[i], schema.Items!, $"{path}[{i}]"));
                return copy;
            default:
                return ScalarOf(value, schema.Kind, path);
        }
    }

    /// <param name="except">A property left out of the copy without complaint (the use case beside the RC-DE header).</param>
    public JsonObject ObjectOf(JsonObject obj, SchemaNode schema, string path, string? except = null)
    {
        var copy = new JsonObject();
        foreach (var (name, node) in schema.Properties)
        {
            if (obj.TryGetPropertyValue(name, out var child)) copy[name] = Of(child, node, $"{path}.{name}");
        }
        foreach (var (name, _) in obj)
        {
            if (name != except && schema.Property(name) is null) Add($"{path}.{name}", "unknown property: the schema does not define it");
        }
        return copy;
    }

    private JsonNode? ScalarOf(JsonNode value, SchemaKind kind, string path)
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
        return fits ? value.DeepClone() : Wrong(path, $"a {kind.ToString().ToLowerInvariant()}", value);
    }

    private JsonNode? Wrong(string path, string expected, JsonNode value)
    {
        Add(path, $"expected {expected}, found {value.GetValueKind().ToString().ToLowerInvariant()}");
        return null;
    }

    private void Add(string path, string message) => problems.Add(new Problem(HubErrorCode.InvalidMessage, path, message));
}
