using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>One validation run of an instance against the draft-07 keyword subset of the CISU schemas; collects problems up to a bound.</summary>
internal sealed class JsonSchemaEvaluation(JsonSchemaSet schemas, int maxProblems)
{
    private readonly List<Problem> problems = [];

    public IReadOnlyList<Problem> Problems => problems;

    private bool IsFull => problems.Count >= maxProblems;

    public void Report(string path, string message)
    {
        if (!IsFull) problems.Add(new Problem(HubErrorCode.InvalidMessage, path, message));
    }

    public void Evaluate(JsonNode schema, string file, JsonNode? instance, string path)
    {
        if (IsFull) return;
        if (schema is JsonValue boolean)
        {
            if (boolean.GetValueKind() == JsonValueKind.False) Report(path, "is not allowed by the schema");
            return;
        }
        var keywords = schema.AsObject();
        if (keywords["$ref"] is { } reference)
        {
            // draft-07: keywords beside $ref are ignored
            var (target, resolved) = schemas.Resolve(file, reference.GetValue<string>());
            Evaluate(resolved, target, instance, path);
            return;
        }
        var kind = KindOf(instance);
        if (keywords["type"] is { } type && !IsOfType(kind, type.GetValue<string>()))
        {
            // nothing else is meaningful on a value of the wrong type
            Report(path, $"{kind} found, {type.GetValue<string>()} expected");
            return;
        }
        if (keywords["enum"] is JsonArray allowed && !allowed.Any(value => JsonNode.DeepEquals(value, instance)))
            Report(path, $"does not have a value in the enumeration [{string.Join(", ", allowed.Select(Display))}]");
        switch (instance)
        {
            case JsonObject members: EvaluateObject(keywords, file, members, path); break;
            case JsonArray items: EvaluateArray(keywords, file, items, path); break;
            case JsonValue value when kind == "string": EvaluateString(keywords, value.GetValue<string>(), path); break;
        }
        if (keywords["allOf"] is JsonArray all)
            foreach (var sub in all) Evaluate(sub!, file, instance, path);
        if (keywords["oneOf"] is JsonArray alternatives) EvaluateOneOf(alternatives, file, instance, path);
    }

    private void EvaluateObject(JsonObject keywords, string file, JsonObject members, string path)
    {
        if (keywords["required"] is JsonArray required)
            foreach (var name in required.Select(n => n!.GetValue<string>()).Where(n => !members.ContainsKey(n)))
                Report(JsonPath.Member(path, name), "is missing but it is required");
        var properties = keywords["properties"] as JsonObject;
        var additional = keywords["additionalProperties"];
        foreach (var (name, value) in members)
        {
            if (properties?[name] is { } property) Evaluate(property, file, value, JsonPath.Member(path, name));
            else if (additional is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.False)
                Report(JsonPath.Member(path, name), "is not defined in the schema and the schema does not allow additional properties");
            else if (additional is not null) Evaluate(additional, file, value, JsonPath.Member(path, name));
        }
    }

    private void EvaluateArray(JsonObject keywords, string file, JsonArray items, string path)
    {
        if (keywords["minItems"] is { } min && items.Count < min.GetValue<int>())
            Report(path, $"there must be a minimum of {min.GetValue<int>()} items in the array");
        if (keywords["maxItems"] is { } max && items.Count > max.GetValue<int>())
            Report(path, $"there must be a maximum of {max.GetValue<int>()} items in the array");
        if (keywords["items"] is { } itemSchema)
            for (var i = 0; i < items.Count; i++) Evaluate(itemSchema, file, items[i], JsonPath.Index(path, i));
    }

    private void EvaluateString(JsonObject keywords, string text, string path)
    {
        if (keywords["format"] is not null && !Rfc3339DateTime.IsValid(text))
            Report(path, $"{Excerpt.Of(text)} is an invalid date-time");
        if (keywords["pattern"] is { } pattern && !schemas.Pattern(pattern.GetValue<string>()).IsMatch(text))
            Report(path, $"does not match the regex pattern {pattern.GetValue<string>()}");
    }

    private void EvaluateOneOf(JsonArray alternatives, string file, JsonNode? instance, string path)
    {
        var valid = 0;
        foreach (var alternative in alternatives)
        {
            // one problem is enough to know an alternative fails
            var trial = new JsonSchemaEvaluation(schemas, 1);
            trial.Evaluate(alternative!, file, instance, path);
            if (trial.Problems.Count == 0) valid++;
        }
        if (valid == 0) Report(path, $"should be valid to one and only one of {alternatives.Count} schemas, but none is valid");
        else if (valid > 1) Report(path, $"should be valid to one and only one schema, but {valid} are valid");
    }

    private static string KindOf(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => instance.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(instance.ToJsonString()) ? "integer" : "number",
            _ => "null",
        },
    };

    /// <summary>draft-07 counts any number with a zero fractional part as an integer (1.0 included).</summary>
    private static bool IsInteger(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
            ? decimal.Truncate(exact) == exact
            : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate)
              && double.IsFinite(approximate) && Math.Floor(approximate) == approximate;

    private static bool IsOfType(string kind, string type) => kind == type || (type == "number" && kind == "integer");

    private static string Display(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : value?.ToJsonString() ?? "null";
}
