using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>The official schemas embedded in this assembly (never read from disk, so what is validated is what was shipped).</summary>
internal static class SchemaResources
{
    private static readonly System.Reflection.Assembly Assembly = typeof(SchemaResources).Assembly;

    public static IEnumerable<string> JsonSchemaFiles() =>
        Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("json-schema/", StringComparison.Ordinal))
            .Select(name => name["json-schema/".Length..]);

    public static JsonNode ReadJsonSchema(string file)
    {
        using var stream = Open("json-schema/" + file);
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException($"empty JSON schema {file}");
    }

    /// <summary>Opens an XSD by its path relative to the xsd folder, or null when no such schema was shipped.</summary>
    public static Stream? TryOpenXsd(string relativePath) => Assembly.GetManifestResourceStream("xsd/" + relativePath);

    private static Stream Open(string resource) =>
        Assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"schema resource {resource} is not embedded");
}
