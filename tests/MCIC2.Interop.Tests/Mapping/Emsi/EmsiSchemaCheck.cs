using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

/// <summary>
/// Checks a payload against the shipped EMSI.schema.json for what the schema says most: required fields, no
/// unknown fields, enum values, patterns and value types. Not a full validator (one is being written apart):
/// enough to prove the EMSI we produce is one the partners accept.
/// </summary>
internal static class EmsiSchemaCheck
{
    private static readonly JsonObject Schema = LoadSchema();

    public static List<string> Problems(JsonObject emsi)
    {
        var problems = new List<string>();
        Check(emsi, Schema, "emsi", problems);
        return problems;
    }

    /// <summary>The enum values the schema allows at a definition's property, e.g. (<c>etype</c>, <c>CATEGORY</c>).</summary>
    public static List<string> EnumOf(string definition, string property)
    {
        var schema = Schema["definitions"]![definition]!["properties"]![property]!;
        var values = schema["enum"] ?? schema["items"]!["enum"]!;
        return values.AsArray().Select(v => v!.GetValue<string>()).ToList();
    }

    private static JsonObject LoadSchema()
    {
        using var stream = typeof(EmsiMapper).Assembly.GetManifestResourceStream("json-schema/EMSI.schema.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue r ? Resolve(Schema["definitions"]![r.GetValue<string>()["#/definitions/".Length..]]!.AsObject()) : schema;

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> problems)
    {
        schema = Resolve(schema);
        switch (schema["type"]?.GetValue<string>())
        {
            case "object" when value is JsonObject obj:
                var properties = schema["properties"]?.AsObject() ?? [];
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    if (!obj.ContainsKey(required!.GetValue<string>())) problems.Add($"{path}.{required} is required");
                }
                foreach (var (name, child) in obj)
                {
                    if (properties[name] is JsonObject childSchema) Check(child, childSchema, $"{path}.{name}", problems);
                    else if (schema["additionalProperties"] is JsonValue a && !a.GetValue<bool>()) problems.Add($"{path}.{name} is not allowed");
                }
                break;
            case "array" when value is JsonArray array:
                if (schema["minItems"] is JsonValue min && array.Count < min.GetValue<int>()) problems.Add($"{path} has too few items");
                for (var i = 0; i < array.Count; i++) Check(array[i], schema["items"]!.AsObject(), $"{path}[{i}]", problems);
                break;
            case "string" when value is JsonValue s && s.TryGetValue<string>(out var text):
                if (schema["enum"] is JsonArray allowed && !allowed.Any(e => e!.GetValue<string>() == text)) problems.Add($"{path} '{text}' is not in the enum");
                if (schema["pattern"] is JsonValue p && !Regex.IsMatch(text, p.GetValue<string>())) problems.Add($"{path} '{text}' does not match {p}");
                break;
            case "integer" when value is JsonValue n && n.TryGetValue<long>(out _):
            case "number" when value is JsonValue d && d.TryGetValue<decimal>(out _):
            case null:
                break;
            default:
                problems.Add($"{path} is not a {schema["type"]}");
                break;
        }
    }
}
