using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// The three parts of a message, each checked against its schema and copied in schema order, plus the logical
/// JSON paths of the parts (problems are reported with these paths whatever the encoding).
/// </summary>
internal sealed record MessageParts(JsonObject? Envelope, JsonObject? Header, JsonObject Payload)
{
    public const string MessagePath = "$.content[0].jsonContent.embeddedJsonContent.message";

    public static string PayloadPath(CisuUseCase useCase, bool enveloped) =>
        $"{(enveloped ? MessagePath : "$")}.{useCase.RootKey}";

    public static MessageParts Ordered(CisuUseCase useCase, JsonObject? envelope, JsonObject? header, JsonObject payload)
    {
        if (envelope is null && header is not null)
            throw new ArgumentException("a header needs an envelope: a bare payload has neither", nameof(header));
        var problems = new List<Problem>();
        var copy = new SchemaOrderedCopy(problems);
        var enveloped = envelope is not null;
        var parts = new MessageParts(
            enveloped ? copy.ObjectOf(envelope!, EnvelopeSchema.Fields, "$", except: "content") : null,
            enveloped ? copy.ObjectOf(header ?? [], EnvelopeSchema.Header, MessagePath, except: useCase.RootKey) : null,
            (JsonObject)copy.Of(payload, SchemaNode.Load(useCase.JsonSchemaFile), PayloadPath(useCase, enveloped))!);
        if (problems.Count > 0) throw new MessageRejectedException(problems);
        return parts;
    }

    /// <summary>The document a reader returns: the parts checked and ordered.</summary>
    public static CisuDocument Document(CisuUseCase useCase, CisuEncoding encoding, JsonObject? envelope, JsonObject? header,
        JsonObject payload, XmlStyle? style)
    {
        var parts = Ordered(useCase, envelope, header, payload);
        return new CisuDocument
        {
            UseCase = useCase,
            Encoding = encoding,
            Envelope = parts.Envelope,
            Header = parts.Header,
            Payload = parts.Payload,
            Xml = style,
        };
    }
}
