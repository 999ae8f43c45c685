using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>Writes the JSON encoding: <c>content[].jsonContent.embeddedJsonContent.message</c>, or <c>{"useCase": {...}}</c>.</summary>
internal static class JsonMessageWriter
{
    /// <summary>Relaxed escaping keeps "é" as "é": partners read the text, and it is valid UTF-8 JSON.</summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(CisuUseCase useCase, MessageParts parts) => JsonSerializer.SerializeToUtf8Bytes(Root(useCase, parts), Options);

    /// <summary>The JSON document the parts make, as a tree (the parts are taken over, not copied).</summary>
    public static JsonObject Root(CisuUseCase useCase, MessageParts parts)
    {
        if (parts.Envelope is null) return new JsonObject { [useCase.RootKey] = parts.Payload };
        var first = new ContentParts(useCase, parts.Header!, parts.Payload);
        var root = parts.Envelope;
        root["content"] = new JsonArray([.. new[] { first }.Concat(parts.Additional).Select(ContentObject)]);
        return root;
    }

    private static JsonNode ContentObject(ContentParts content) => new JsonObject
    {
        ["jsonContent"] = new JsonObject { ["embeddedJsonContent"] = new JsonObject { ["message"] = content.Message() } },
    };
}
