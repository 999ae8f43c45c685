using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// The embedded JSON schemas, parsed once and never mutated afterwards (so safe to share between threads),
/// with their <c>$ref</c> resolution and their compiled patterns.
/// </summary>
internal sealed class JsonSchemaSet
{
    private static readonly FrozenSet<string> Annotations =
        FrozenSet.ToFrozenSet(["$schema", "$id", "$comment", "title", "description", "example", "examples", "default", "version"], StringComparer.Ordinal);

    private readonly FrozenDictionary<string, JsonNode> schemas;
    private readonly ConcurrentDictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    // Every $ref is resolved at load (CheckSupported), then once per use while validating: a message's validation
    // walked the same pointers thousands of times (a tenth of the processor's time in a profile).
    private readonly ConcurrentDictionary<(string File, string Reference), (string File, JsonNode Schema)> resolved = new();

    public JsonSchemaSet(IEnumerable<KeyValuePair<string, JsonNode>> schemas)
    {
        this.schemas = schemas.ToFrozenDictionary(StringComparer.Ordinal);
        foreach (var (file, root) in this.schemas) CheckSupported(root, file, file);
    }

    public JsonNode Root(string file) =>
        schemas.GetValueOrDefault(file) ?? throw new ArgumentException($"no JSON schema named {file}", nameof(file));

    /// <summary>Resolves <c>#/definitions/x</c> within <paramref name="file"/>, or a sibling file by bare name (<c>RC-DE.schema.json</c>).</summary>
    public (string File, JsonNode Schema) Resolve(string file, string reference) =>
        resolved.GetOrAdd((file, reference), key => ResolvePointer(key.File, key.Reference));

    private (string File, JsonNode Schema) ResolvePointer(string file, string reference)
    {
        var hash = reference.IndexOf('#');
        var target = hash switch { 0 => file, < 0 => reference, _ => reference[..hash] };
        var node = Root(target);
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = (node as JsonObject)?[name] ?? throw new InvalidOperationException($"{file}: $ref {reference} does not resolve");
        }
        return (target, node);
    }

    public Regex Pattern(string pattern) => patterns.GetOrAdd(pattern, EcmaPattern.Compile);

    /// <summary>
    /// Refuses, at load, any keyword this validator does not implement: an unknown keyword would otherwise be
    /// silently ignored and let invalid messages through after a schema update. Also resolves every $ref and compiles every pattern.
    /// </summary>
    private void CheckSupported(JsonNode? schema, string file, string where)
    {
        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return;
        if (schema is not JsonObject keywords) throw new NotSupportedException($"{where}: a schema must be an object or a boolean");
        foreach (var (keyword, value) in keywords)
        {
            var at = $"{where}/{keyword}";
            switch (keyword)
            {
                case "properties" or "definitions":
                    foreach (var (name, sub) in value!.AsObject()) CheckSupported(sub, file, $"{at}/{name}");
                    break;
                case "items" or "additionalProperties":
                    CheckSupported(value, file, at);
                    break;
                case "allOf" or "oneOf":
                    foreach (var sub in value!.AsArray()) CheckSupported(sub, file, at);
                    break;
                case "$ref":
                    Resolve(file, value!.GetValue<string>());
                    break;
                case "pattern":
                    Pattern(value!.GetValue<string>());
                    break;
                case "format" when value!.GetValue<string>() != "date-time":
                    throw new NotSupportedException($"{at}: only the date-time format is supported");
                case "type" when value is not JsonValue:
                    throw new NotSupportedException($"{at}: only a single type name is supported");
                case "required" or "enum":
                    // JsonArray fills itself on first read: fill it now, before threads share it
                    _ = value!.AsArray().Count;
                    break;
                case "format" or "type" or "minItems" or "maxItems":
                    break;
                default:
                    if (!Annotations.Contains(keyword) && !keyword.StartsWith("x-", StringComparison.Ordinal))
                        throw new NotSupportedException($"{at}: keyword {keyword} is not supported");
                    break;
            }
        }
    }
}
