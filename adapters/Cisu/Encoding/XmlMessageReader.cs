using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Reads the XML encoding: <c>edxlDistribution/content/contentObject/contentXML/embeddedXMLContent/message</c>
/// with one or more content objects, or a bare use-case element. DTDs are refused and nothing external is ever resolved.
/// </summary>
internal static partial class XmlMessageReader
{
    private static readonly XNamespace Edxl = CisuNamespaces.Edxl;

    private static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static CisuDocument Read(byte[] input)
    {
        var root = Load(input).Root!;
        var problems = new List<Problem>();
        var xml = new XmlToJson(problems);
        if (root.Name == Edxl + "edxlDistribution") return ReadEnvelope(root, xml, problems);
        if (CisuUseCases.ByRootKey(root.Name.LocalName) is not { } useCase || !CisuNamespaces.IsAcceptedForUseCase(root.Name.NamespaceName, useCase))
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                $"no CISU use case recognised: root element '{root.Name.LocalName}' in namespace '{root.Name.NamespaceName}'");
        var payload = ReadPayload(root, useCase, "$", xml);
        if (problems.Count > 0) throw new MessageRejectedException(problems);
        var style = new XmlStyle(null, NameOf(root), Declarations(root), new Dictionary<string, string>());
        return MessageParts.Document(useCase, CisuEncoding.Xml, null, null, payload, style);
    }

    private static CisuDocument ReadEnvelope(XElement root, XmlToJson xml, List<Problem> problems)
    {
        var xlinkTypes = new Dictionary<string, string>();
        KeepXlinkType(root, xlinkTypes);
        var content = root.Element(Edxl + "content");
        var envelope = xml.ReadObject(root, root.Elements().Where(e => e != content), EnvelopeSchema.Fields, "$");
        if (root.Element(Edxl + "descriptor") is { } descriptor) KeepXlinkType(descriptor, xlinkTypes);
        if (content is null || root.Elements(Edxl + "content").Count() > 1)
            throw Rejected(HubErrorCode.InvalidMessage, "$.content", "exactly one content element is expected", root);
        KeepXlinkType(content, xlinkTypes);
        var contentObjects = content.Elements().ToList();
        if (contentObjects.Count == 0 || contentObjects.Any(e => e.Name != Edxl + "contentObject"))
            throw Rejected(HubErrorCode.InvalidMessage, "$.content", "content must hold one or more contentObject elements and nothing else", content);
        KeepXlinkType(contentObjects[0], xlinkTypes);
        var contents = contentObjects.Select((contentObject, i) => ReadContent(contentObject, i, xml)).ToList();
        if (problems.Count > 0) throw new MessageRejectedException(problems);
        var first = contents[0];
        var additional = contents.Skip(1).ToList();
        var style = new XmlStyle(first.Names.Message, first.Names.UseCase, Declarations(root), xlinkTypes,
            additional.Count == 0 ? null : additional.Select(c => c.Names).ToList());
        return MessageParts.Document(first.UseCase, CisuEncoding.Xml, envelope, first.Header, first.Payload, style,
            additional.Select(c => new ContentParts(c.UseCase, c.Header, c.Payload).Message()).ToList());
    }

    private sealed record XmlContent(CisuUseCase UseCase, JsonObject Header, JsonObject Payload, ContentXmlNames Names);

    /// <summary>Content object <paramref name="index"/>: its message, header and use case read with the use case's own schema.</summary>
    private static XmlContent ReadContent(XElement contentObject, int index, XmlToJson xml)
    {
        var path = $"$.content[{index}]";
        var messagePath = MessageParts.MessagePathAt(index);
        var contentXml = Only(contentObject, Edxl + "contentXML", path, "a contentXML alone is expected");
        var embedded = Only(contentXml, Edxl + "embeddedXMLContent", path, "an embeddedXMLContent alone is expected");
        var message = embedded.Elements().SingleOrDefault();
        if (message is null || embedded.Elements().Count() > 1 || message.Name.LocalName != "message"
            || !CisuNamespaces.IsAcceptedForMessage(message.Name.NamespaceName))
            throw Rejected(HubErrorCode.InvalidMessage, messagePath,
                $"embeddedXMLContent must hold one message element in namespace {CisuNamespaces.RcDe} or {CisuNamespaces.Cisu3}", embedded);

        var useCaseElements = message.Elements()
            .Where(e => CisuUseCases.ByRootKey(e.Name.LocalName) is { } u && CisuNamespaces.IsAcceptedForUseCase(e.Name.NamespaceName, u))
            .ToList();
        if (useCaseElements.Count != 1)
            throw Rejected(HubErrorCode.InvalidMessage, messagePath,
                useCaseElements.Count == 0 ? "no CISU use case recognised in message" : "message carries several use cases; one is expected", message);
        var useCaseElement = useCaseElements[0];
        var useCase = CisuUseCases.ByRootKey(useCaseElement.Name.LocalName)!;
        var header = xml.ReadObject(message, message.Elements().Where(e => e != useCaseElement), EnvelopeSchema.Header, messagePath);
        var payload = ReadPayload(useCaseElement, useCase, messagePath, xml);
        return new XmlContent(useCase, header, payload, new ContentXmlNames(NameOf(message), NameOf(useCaseElement)));
    }

    private static JsonObject ReadPayload(XElement element, CisuUseCase useCase, string parentPath, XmlToJson xml)
    {
        var schema = SchemaNode.Load(useCase.JsonSchemaFile);
        var path = $"{parentPath}.{useCase.RootKey}";
        // Free content (customContent) without child elements is an empty object, not a string.
        return xml.Read(element, schema, path) as JsonObject ?? [];
    }

    private static XElement Only(XElement parent, XName expected, string path, string message)
    {
        var children = parent.Elements().ToList();
        if (children.Count == 1 && children[0].Name == expected) return children[0];
        throw Rejected(HubErrorCode.InvalidMessage, path, message, parent);
    }

    private static void KeepXlinkType(XElement element, Dictionary<string, string> xlinkTypes)
    {
        if (element.Attribute(XName.Get("type", CisuNamespaces.Xlink)) is { } type) xlinkTypes[element.Name.LocalName] = type.Value;
    }

    private static XmlName NameOf(XElement element) =>
        new(element.GetPrefixOfNamespace(element.Name.Namespace) ?? "", element.Name.NamespaceName);

    /// <summary>The prefixed namespaces declared on the root (xlink, ct...), to declare them again when writing.</summary>
    private static List<XmlName> Declarations(XElement root) =>
        root.Attributes().Where(a => a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.Xmlns)
            .Select(a => new XmlName(a.Name.LocalName, a.Value)).ToList();

    /// <summary>Refuses nesting deeper than <see cref="CisuBounds.MaxDepth"/>, reading without building anything: a tree
    /// of 20,000 levels took a minute to validate against the XSDs (found by the fuzz campaign). Refuses too an XML
    /// declaration whose version is not an XML 1.0 VersionNum (<c>1.</c> and digits): .NET's reader lets
    /// <c>version="1.0.1e400"</c> through, which libxml2 — the partners' parser as often as not — refuses (found by the
    /// campaign's second opinion).</summary>
    internal static void RefuseBeforeLoading(byte[] input)
    {
        using var reader = XmlReader.Create(new MemoryStream(input), Settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.XmlDeclaration && reader.GetAttribute("version") is { } version && !XmlVersion().IsMatch(version))
                throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$",
                    $"malformed XML at line 1: the XML declaration's version must be an XML 1.0 version number such as 1.0, not '{Printable(version[..Math.Min(version.Length, 40)])}'");
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= CisuBounds.MaxDepth)
            {
                var line = (IXmlLineInfo)reader;
                throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                    $"nesting deeper than {CisuBounds.MaxDepth} levels (line {line.LineNumber}, position {line.LinePosition})");
            }
        }
    }

    private static XDocument Load(byte[] input)
    {
        try
        {
            // First pass: bound the depth before building a tree (the converters recurse).
            RefuseBeforeLoading(input);
            using var second = XmlReader.Create(new MemoryStream(input), Settings);
            return XDocument.Load(second, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                $"XML with a DTD (DOCTYPE, entity declarations) is refused, nothing was resolved (line {e.LineNumber}, position {e.LinePosition})");
        }
        catch (XmlException e)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$",
                $"malformed XML at line {e.LineNumber}, position {e.LinePosition}: {Reason(e)}");
        }
    }

    /// <summary>What the parser says is wrong, without the position it appends (given before) and without quoting the
    /// offending character itself: a control character or lone surrogate would make the error report unwritable too.</summary>
    private static string Reason(XmlException e) => Printable(LinePosition().Replace(e.Message, ""));

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? "?" : c.ToString()));

    [GeneratedRegex(@"^1\.[0-9]+$")]
    private static partial Regex XmlVersion();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.$")]
    private static partial Regex LinePosition();

    private static MessageRejectedException Rejected(HubErrorCode code, string path, string message, XElement at)
    {
        var line = (IXmlLineInfo)at;
        return new(code, path, line.HasLineInfo() ? $"{message} (line {line.LineNumber}, position {line.LinePosition})" : message);
    }
}
