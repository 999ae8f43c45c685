using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>Reads the JSON encoding: an EDXL-DE envelope with one or more content objects, or a bare <c>{"useCase": {...}}</c>.</summary>
internal static class JsonMessageReader
{
    public static CisuDocument Read(ReadOnlySpan<byte> utf8)
    {
        JsonTokenScan.Check(utf8);
        // The scan bounded the depth and refused duplicates already; one level of slack so the two never disagree by an off-by-one.
        var root = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = CisuBounds.MaxDepth + 1 });
        if (root is not JsonObject message)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$", "a CISU message is a JSON object");
        if (message.ContainsKey("content")) return ReadEnvelope(message);
        if (message.Count == 1 && CisuUseCases.ByRootKey(message.First().Key) is { } useCase)
            return Document(useCase, null, null, message[useCase.RootKey], "$");
        throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
            "no CISU use case recognised: expected an EDXL-DE envelope or one use-case object such as {\"createCase\": {...}}");
    }

    private static CisuDocument ReadEnvelope(JsonObject envelope)
    {
        if (envelope["content"] is not JsonArray { Count: > 0 } content)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$.content",
                "content must be an array of one or more content objects");
        var messages = content.Select((item, i) => MessageOf(item, i)).ToList();
        var useCase = MessageParts.UseCaseOf(messages[0], MessageParts.MessagePath);
        return Document(useCase, envelope, messages[0], messages[0][useCase.RootKey], MessageParts.MessagePath, messages[1..]);
    }

    /// <summary>The <c>message</c> object of content object <paramref name="index"/>.</summary>
    private static JsonObject MessageOf(JsonNode? contentObject, int index)
    {
        var path = $"$.content[{index}]";
        var message = Only(Only(Only(contentObject, "jsonContent", path), "embeddedJsonContent", $"{path}.jsonContent"),
            "message", $"{path}.jsonContent.embeddedJsonContent");
        return message as JsonObject
            ?? throw new MessageRejectedException(HubErrorCode.InvalidMessage, MessageParts.MessagePathAt(index), "message must be an object");
    }

    private static CisuDocument Document(CisuUseCase useCase, JsonObject? envelope, JsonObject? header, JsonNode? payload, string parentPath,
        IReadOnlyList<JsonObject>? additional = null)
    {
        if (payload is not JsonObject payloadObject)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, $"{parentPath}.{useCase.RootKey}", "the use case must be an object");
        return MessageParts.Document(useCase, CisuEncoding.Json, envelope, header, payloadObject, null, additional);
    }

    /// <summary>The single property <paramref name="key"/> of an object that must have no other.</summary>
    private static JsonNode? Only(JsonNode? node, string key, string path)
    {
        if (node is JsonObject { Count: 1 } obj && obj.TryGetPropertyValue(key, out var value)) return value;
        throw new MessageRejectedException(HubErrorCode.InvalidMessage, path, $"expected an object with the single property {key}");
    }
}
