using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Mapping;
using MCIC2.Interop.Adapters.Cisu.Mapping.Distribution;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu;

/// <summary>A decoded message, and what the hub noticed without refusing it (codes missing from the lists).</summary>
public sealed record DecodedMessage(CanonicalMessage Message, CisuEncoding Encoding, IReadOnlyList<Notice> Notices);

/// <summary>Something worth telling the sender that is not a reason to refuse the message.</summary>
public sealed record Notice(string Path, string Message);

/// <summary>
/// CISU messages to and from the canonical model. Decoding reads top to bottom as the steps a message goes
/// through: read (JSON or XML, bounded), validate (official schemas), map (per family). Encoding is the reverse,
/// and validates what it produced so the hub never sends a message a partner would refuse.
/// </summary>
public sealed class CisuCodec
{
    /// <summary>Where the hub keeps the XML spelling of a message read as XML, to write it back alike.</summary>
    public const string XmlStyleKey = "xml";

    /// <summary>Where the hub keeps the content objects after the first (a JSON array of <c>message</c> objects),
    /// carried unchanged: the hub maps and routes on the first content object only.</summary>
    public const string AdditionalContentsKey = "EDXL-DE/additional-contents";

    private readonly CisuReader _reader = new();
    private readonly CisuWriter _writer = new();

    public static CisuCodec Shared { get; } = new();

    public DecodedMessage Decode(ReadOnlySpan<byte> input)
    {
        var document = Read(input);
        Validate(document, input);
        var message = Map(document);
        return new DecodedMessage(message, document.Encoding, UnlistedCodes(message));
    }

    /// <summary>Writes <paramref name="message"/> as <paramref name="family"/> (default: the family it was read from).</summary>
    public byte[] Encode(CanonicalMessage message, CisuEncoding encoding, string? family = null)
    {
        var document = ToDocument(message, family ?? message.Family);
        RefuseIfInvalid(document, HubErrorCode.MessageConversionError, $"{document.UseCase.Family} written from canonical");
        return _writer.Write(document, encoding);
    }

    /// <summary>The message as it reads once translated into <paramref name="family"/> (the canonical view a partner of that family gets).</summary>
    public CanonicalMessage Translate(CanonicalMessage message, string family) =>
        family == message.Family ? message : Decode(Encode(message, CisuEncoding.Json, family)).Message;

    /// <summary>Reads the message; when the reader refuses its structure, the schemas explain every problem, not only the first.</summary>
    private CisuDocument Read(ReadOnlySpan<byte> input)
    {
        try
        {
            return _reader.Read(input);
        }
        catch (MessageRejectedException rejected) when (rejected.Code == HubErrorCode.InvalidMessage && SchemaProblems(input) is { Count: > 0 } problems)
        {
            throw new MessageRejectedException(problems);
        }
    }

    /// <summary>What the official schemas say of a message the reader refused; empty when they cannot tell more.</summary>
    private static IReadOnlyList<Problem> SchemaProblems(ReadOnlySpan<byte> input)
    {
        try
        {
            if (input.IndexOfAnyExcept(" \t\r\n\uFEFF"u8) is var start and >= 0 && input[start] == (byte)'<')
            {
                // The reader's refusal may be its own first pass (depth, version): the XSDs are not asked to explain that one.
                XmlMessageReader.RefuseBeforeLoading(input.ToArray());
                return XsdValidator.Shared.Validate(LoadXml(input));
            }
            var node = JsonNode.Parse(input, documentOptions: new JsonDocumentOptions { MaxDepth = CisuBounds.MaxDepth, AllowDuplicateProperties = false });
            return node is JsonObject root && root.ContainsKey("content")
                ? JsonSchemaValidator.Shared.ValidateEnvelope(root)
                : JsonSchemaValidator.Shared.ValidatePayload(node);
        }
        catch (Exception e) when (e is JsonException or XmlException or MessageRejectedException)
        {
            return [];
        }
    }

    private static void Validate(CisuDocument document, ReadOnlySpan<byte> input)
    {
        if (document.Encoding == CisuEncoding.Xml)
        {
            // XML senders get XML paths with line numbers; the reader has already refused DTDs and bounded the input.
            var problems = XsdValidator.Shared.Validate(LoadXml(input));
            if (problems.Count > 0) throw new MessageRejectedException(problems);
        }
        RefuseIfInvalid(document, HubErrorCode.InvalidMessage, "message");
    }

    private static void RefuseIfInvalid(CisuDocument document, HubErrorCode code, string what)
    {
        IReadOnlyList<Problem> problems;
        try
        {
            problems = document.Envelope is null
                ? JsonSchemaValidator.Shared.ValidatePayload(new JsonObject { [document.UseCase.RootKey] = document.Payload.DeepClone() }, document.UseCase.JsonSchemaFile)
                : JsonSchemaValidator.Shared.ValidateEnvelope(CisuWriter.JsonTree(document));
        }
        catch (MessageRejectedException rejected)
        {
            // What the writer refuses (a value out of bounds) is as much a reason as the schemas'.
            problems = rejected.Problems;
        }
        if (problems.Count == 0) return;
        throw new MessageRejectedException(code == HubErrorCode.InvalidMessage
            ? problems
            : problems.Select(p => p with { Code = code, Message = $"{what}: {p.Message}" }).ToList());
    }

    private static XDocument LoadXml(ReadOnlySpan<byte> input)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 };
        using var reader = XmlReader.Create(new MemoryStream(input.ToArray()), settings);
        return XDocument.Load(reader, LoadOptions.SetLineInfo);
    }

    private static CanonicalMessage Map(CisuDocument document)
    {
        var message = new CanonicalMessage { Family = document.UseCase.Family };
        try
        {
            if (document.Envelope is not null)
            {
                message.Distribution = DistributionMapper.Read(document.Envelope, document.Header, message);
            }
            var provenance = new Provenance(
                message.Distribution?.SenderId,
                message.Distribution?.Header?.SentAt ?? message.Distribution?.SentAt,
                document.UseCase.Family,
                message.Distribution?.Header?.MessageId ?? message.Distribution?.DistributionId);
            CisuMappers.For(document.UseCase.Family).Read(document.Payload, message, provenance);
        }
        catch (MappingException e)
        {
            throw new MessageRejectedException(HubErrorCode.MessageConversionError, e.Path, e.Reason);
        }
        if (document.Xml is { } style) message.Preserved[XmlStyleKey] = JsonSerializer.SerializeToNode(style);
        if (document.AdditionalContents.Count > 0)
            message.Preserved[AdditionalContentsKey] = new JsonArray([.. document.AdditionalContents.Select(c => c.DeepClone())]);
        return message;
    }

    private static CisuDocument ToDocument(CanonicalMessage message, string family)
    {
        var useCase = CisuUseCases.ByFamily(family)
            ?? throw new MessageRejectedException(HubErrorCode.SchemaNotFound, "family", $"no CISU use case is named '{family}'");
        JsonObject payload;
        try
        {
            payload = CisuMappers.For(family).Write(message);
        }
        catch (MappingException e)
        {
            throw new MessageRejectedException(HubErrorCode.MessageConversionError, e.Path, e.Reason);
        }
        var (envelope, header) = message.Distribution is { } d ? DistributionMapper.Write(d, message) : (null, null);
        var sameFamily = family == message.Family;
        return new CisuDocument
        {
            UseCase = useCase,
            Encoding = CisuEncoding.Json,
            Envelope = envelope,
            Header = envelope is null ? null : header ?? new JsonObject(),
            Payload = payload,
            // other use cases than the family's: kept whatever family the message is written as
            AdditionalContents = envelope is null ? [] : AdditionalContents(message),
            Xml = sameFamily ? message.Preserved.GetValueOrDefault(XmlStyleKey)?.Deserialize<XmlStyle>() : null,
        };
    }

    private static List<JsonObject> AdditionalContents(CanonicalMessage message) =>
        message.Preserved.GetValueOrDefault(AdditionalContentsKey) is JsonArray contents
            ? contents.Select((c, i) => c?.DeepClone() as JsonObject
                ?? throw new MessageRejectedException(HubErrorCode.MessageConversionError, $"preserved.{AdditionalContentsKey}[{i}]", "a content object must be a message object"))
                .ToList()
            : [];

    /// <summary>Codes kept although missing from the shipped lists: the sender may use a newer list, or a typo.</summary>
    private static List<Notice> UnlistedCodes(CanonicalMessage message)
    {
        var notices = new List<Notice>();
        if (message.Incident is not { } incident) return notices;
        Check("incident.qualification", incident.Qualification);
        for (var i = 0; i < incident.Alerts.Count; i++) Check($"incident.alerts[{i}].qualification", incident.Alerts[i].Qualification);
        return notices;

        void Check(string path, Qualification? q)
        {
            if (q is null) return;
            Flag($"{path}.nature", q.Nature);
            Flag($"{path}.locationKind", q.LocationKind);
            Flag($"{path}.healthMotive", q.HealthMotive);
            for (var i = 0; i < q.Risks.Count; i++) Flag($"{path}.risks[{i}]", q.Risks[i]);
        }

        void Flag(string path, CodedValue? value)
        {
            if (value is { Unlisted: true }) notices.Add(new Notice(path, $"code '{value.Code}' is not in the shipped code list; kept as sent"));
        }
    }
}
