using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Validation;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

internal enum SchemaKind { Object, Open, Array, String, Number, Integer, Boolean }

/// <summary>
/// The part of a JSON schema the codec needs: the kind of a value, the properties of an object in schema order
/// (which is the XSD sequence order, so it drives the XML element order) and the item schema of an array.
/// <see cref="SchemaKind.Open"/> is an object whose content the schema leaves free (customContent, RS-ERROR sourceMessage).
/// </summary>
internal sealed class SchemaNode
{
    private SchemaNode(SchemaKind kind, IReadOnlyList<KeyValuePair<string, SchemaNode>>? properties = null, SchemaNode? items = null)
    {
        Kind = kind;
        Items = items;
        Properties = properties ?? [];
    }

    public SchemaKind Kind { get; }

    public SchemaNode? Items { get; }

    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; }

    public SchemaNode? Property(string name)
    {
        foreach (var (key, node) in Properties)
        {
            if (key == name) return node;
        }
        return null;
    }

    public static readonly SchemaNode Text = new(SchemaKind.String);

    /// <summary>An object with these properties, in this order.</summary>
    public static SchemaNode ObjectOf(params (string Name, SchemaNode Node)[] properties) =>
        new(SchemaKind.Object, properties.Select(p => KeyValuePair.Create(p.Name, p.Node)).ToList());

    private static readonly ConcurrentDictionary<string, SchemaNode> Loaded = new();

    /// <summary>The root schema of an embedded JSON schema file, e.g. <c>RC-EDA.schema.json</c>.</summary>
    public static SchemaNode Load(string schemaFile) => Loaded.GetOrAdd(schemaFile, file =>
    {
        var root = SchemaResources.ReadJsonSchema(file).AsObject();
        var definitions = root["definitions"]?.AsObject();
        return Build(root, definitions, new Dictionary<string, SchemaNode?>());
    });

    /// <param name="cache">Definitions built so far; null while a definition is being built, to refuse recursion
    /// (no shipped schema is recursive, and XML could not bound it).</param>
    private static SchemaNode Build(JsonObject schema, JsonObject? definitions, Dictionary<string, SchemaNode?> cache)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            const string prefix = "#/definitions/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
                throw new InvalidOperationException($"unsupported $ref {reference}");
            var name = reference[prefix.Length..];
            if (cache.TryGetValue(name, out var built))
                return built ?? throw new InvalidOperationException($"recursive definition {name}");
            var definition = definitions?[name]?.AsObject() ?? throw new InvalidOperationException($"missing definition {name}");
            cache[name] = null;
            var node = Build(definition, definitions, cache);
            cache[name] = node;
            return node;
        }
        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "string": return Text;
            case "number": return new SchemaNode(SchemaKind.Number);
            case "integer": return new SchemaNode(SchemaKind.Integer);
            case "boolean": return new SchemaNode(SchemaKind.Boolean);
            case "array":
                return new SchemaNode(SchemaKind.Array, items: Build(schema["items"]!.AsObject(), definitions, cache));
            case "object":
                var declared = schema["properties"]?.AsObject();
                if (declared is null || declared.Count == 0) return new SchemaNode(SchemaKind.Open);
                return new SchemaNode(SchemaKind.Object, declared
                    .Select(p => KeyValuePair.Create(p.Key, Build(p.Value!.AsObject(), definitions, cache)))
                    .ToList());
            default:
                throw new InvalidOperationException($"unsupported schema type {type}");
        }
    }
}
