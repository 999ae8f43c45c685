using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// The parts of a message, each checked against its schema and copied in schema order, plus the logical
/// JSON paths of the parts (problems are reported with these paths whatever the encoding).
/// </summary>
/// <param name="Additional">The content objects after the first, in order.</param>
internal sealed record MessageParts(JsonObject? Envelope, JsonObject? Header, JsonObject Payload, IReadOnlyList<ContentParts> Additional)
{
    public const string MessagePath = "$.content[0].jsonContent.embeddedJsonContent.message";

    /// <summary>The path of the <c>message</c> of content object <paramref name="index"/>.</summary>
    public static string MessagePathAt(int index) => $"$.content[{index}].jsonContent.embeddedJsonContent.message";

    public static string PayloadPath(CisuUseCase useCase, bool enveloped) =>
        $"{(enveloped ? MessagePath : "$")}.{useCase.RootKey}";

    /// <summary>The one use case a <c>message</c> object carries: none or several is 300, a schema violation as Hub Santé's
    /// validator classes it ("could not detect any schemas").</summary>
    public static CisuUseCase UseCaseOf(JsonObject message, string path)
    {
        var useCases = message.Select(p => CisuUseCases.ByRootKey(p.Key)).OfType<CisuUseCase>().ToList();
        return useCases.Count switch
        {
            0 => throw new MessageRejectedException(HubErrorCode.InvalidMessage, path, "no CISU use case recognised in message"),
            1 => useCases[0],
            _ => throw new MessageRejectedException(HubErrorCode.InvalidMessage, path,
                $"message carries several use cases ({string.Join(", ", useCases.Select(u => u.RootKey))}); one is expected"),
        };
    }

    public static MessageParts Ordered(CisuUseCase useCase, JsonObject? envelope, JsonObject? header, JsonObject payload,
        IReadOnlyList<JsonObject>? additional = null)
    {
        if (envelope is null && header is not null)
            throw new ArgumentException("a header needs an envelope: a bare payload has neither", nameof(header));
        if (envelope is null && additional is { Count: > 0 })
            throw new ArgumentException("several content objects need an envelope: a bare payload is one", nameof(additional));
        var problems = new List<Problem>();
        var copy = new SchemaOrderedCopy(problems);
        var enveloped = envelope is not null;
        var parts = new MessageParts(
            enveloped ? copy.ObjectOf(envelope!, EnvelopeSchema.Fields, "$", except: "content") : null,
            enveloped ? copy.ObjectOf(header ?? [], EnvelopeSchema.Header, MessagePath, except: useCase.RootKey) : null,
            (JsonObject)copy.Of(payload, SchemaNode.Load(useCase.JsonSchemaFile), PayloadPath(useCase, enveloped))!,
            (additional ?? []).Select((message, i) => ContentOf(message, MessagePathAt(i + 1), copy)).ToList());
        if (problems.Count > 0) throw new MessageRejectedException(problems);
        return parts;
    }

    private static ContentParts ContentOf(JsonObject message, string path, SchemaOrderedCopy copy)
    {
        var useCase = UseCaseOf(message, path);
        var payloadPath = $"{path}.{useCase.RootKey}";
        if (message[useCase.RootKey] is not JsonObject payload)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, payloadPath, "the use case must be an object");
        return new ContentParts(
            useCase,
            copy.ObjectOf(message, EnvelopeSchema.Header, path, except: useCase.RootKey),
            (JsonObject)copy.Of(payload, SchemaNode.Load(useCase.JsonSchemaFile), payloadPath)!);
    }

    /// <summary>The document a reader returns: the parts checked and ordered.</summary>
    public static CisuDocument Document(CisuUseCase useCase, CisuEncoding encoding, JsonObject? envelope, JsonObject? header,
        JsonObject payload, XmlStyle? style, IReadOnlyList<JsonObject>? additional = null)
    {
        var parts = Ordered(useCase, envelope, header, payload, additional);
        return new CisuDocument
        {
            UseCase = useCase,
            Encoding = encoding,
            Envelope = parts.Envelope,
            Header = parts.Header,
            Payload = parts.Payload,
            AdditionalContents = parts.Additional.Select(c => c.Message()).ToList(),
            Xml = style,
        };
    }
}

/// <summary>A content object after the first: its use case, RC-DE header fields and payload, checked and ordered.</summary>
internal sealed record ContentParts(CisuUseCase UseCase, JsonObject Header, JsonObject Payload)
{
    /// <summary>The logical <c>message</c> object: header fields, then the use-case key.</summary>
    public JsonObject Message()
    {
        var message = (JsonObject)Header.DeepClone();
        message[UseCase.RootKey] = Payload.DeepClone();
        return message;
    }
}
