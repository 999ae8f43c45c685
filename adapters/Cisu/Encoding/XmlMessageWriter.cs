using System.Text;
using System.Xml;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Writes the XML encoding: <c>edxlDistribution/content/contentObject/contentXML/embeddedXMLContent/message</c>,
/// or a bare use-case element. Names and xlink attributes come from the <see cref="XmlStyle"/> the document was
/// read with, else from the XSDs (message in RC-DE's namespace, the use case in its own) and the Hub Santé samples
/// (xlink:type on edxlDistribution, descriptor and contentObject).
/// </summary>
internal static class XmlMessageWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        // Keeps a carriage return inside a value as &#xD; instead of normalising it away.
        NewLineHandling = NewLineHandling.Entitize,
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(false),
    };

    private static readonly Dictionary<string, string> DefaultXlinkTypes = new()
    {
        ["edxlDistribution"] = "extended",
        ["descriptor"] = "resource",
        ["contentObject"] = "resource",
    };

    public static byte[] Write(CisuUseCase useCase, MessageParts parts, XmlStyle? style)
    {
        var output = new MemoryStream();
        // XmlWriter would spell the encoding "utf-8"; the declaration is written as the partners write it.
        output.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"u8);
        using (var writer = XmlWriter.Create(output, Settings))
        {
            var useCaseName = style?.UseCase ?? new XmlName("", useCase.XmlNamespace);
            var schema = SchemaNode.Load(useCase.JsonSchemaFile);
            var payloadPath = MessageParts.PayloadPath(useCase, parts.Envelope is not null);
            if (parts.Envelope is null)
            {
                writer.WriteStartElement(useCaseName.Prefix, useCase.RootKey, useCaseName.Namespace);
                JsonToXml.WriteChildren(writer, parts.Payload, schema, useCaseName, payloadPath);
                writer.WriteEndElement();
            }
            else
            {
                WriteEnvelope(writer, useCase, parts, style, useCaseName);
            }
        }
        return output.ToArray();
    }

    private static void WriteEnvelope(XmlWriter writer, CisuUseCase useCase, MessageParts parts, XmlStyle? style,
        XmlName useCaseName)
    {
        var xlinkTypes = style?.Message is null ? DefaultXlinkTypes : style.XlinkTypes;
        var edxl = new XmlName("", CisuNamespaces.Edxl);
        var messageName = style?.Message ?? new XmlName("", CisuNamespaces.RcDe);
        void Start(string localName, XmlName name)
        {
            writer.WriteStartElement(name.Prefix, localName, name.Namespace);
            if (xlinkTypes.TryGetValue(localName, out var type)) writer.WriteAttributeString("xlink", "type", CisuNamespaces.Xlink, type);
        }

        Start("edxlDistribution", edxl);
        var declarations = style?.Message is null
            ? [new XmlName("xlink", CisuNamespaces.Xlink), new XmlName("ct", CisuNamespaces.EdxlCommonTypes)]
            : style.RootNamespaceDeclarations;
        foreach (var declaration in declarations.Where(d => d.Prefix != "xlink"))
            writer.WriteAttributeString("xmlns", declaration.Prefix, null, declaration.Namespace);
        JsonToXml.WriteChildren(writer, parts.Envelope!, EnvelopeSchema.Fields, edxl, "$", name => Start(name, edxl));
        Start("content", edxl);
        WriteContentObject(new ContentParts(useCase, parts.Header!, parts.Payload), new ContentXmlNames(messageName, useCaseName), 0);
        for (var i = 0; i < parts.Additional.Count; i++)
        {
            var content = parts.Additional[i];
            // names as read, else the XSD namespaces (the style of another family, or a content object added since)
            var names = style?.AdditionalContents is { } read && i < read.Count && CisuNamespaces.IsAcceptedForUseCase(read[i].UseCase.Namespace, content.UseCase)
                ? read[i]
                : new ContentXmlNames(new XmlName("", CisuNamespaces.RcDe), new XmlName("", content.UseCase.XmlNamespace));
            WriteContentObject(content, names, i + 1);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();

        void WriteContentObject(ContentParts content, ContentXmlNames names, int index)
        {
            Start("contentObject", edxl);
            Start("contentXML", edxl);
            Start("embeddedXMLContent", edxl);
            Start("message", names.Message);
            var messagePath = MessageParts.MessagePathAt(index);
            // The XSDs give an RS-ERROR, a customContent or a technicalNoreq no RC-DE header (only the JSON schemas
            // tolerate one): written, it would make the message invalid for every XML partner. The envelope says the same.
            if (content.UseCase.HasHeader) JsonToXml.WriteChildren(writer, content.Header, EnvelopeSchema.Header, names.Message, messagePath);
            Start(content.UseCase.RootKey, names.UseCase);
            JsonToXml.WriteChildren(writer, content.Payload, SchemaNode.Load(content.UseCase.JsonSchemaFile), names.UseCase,
                $"{messagePath}.{content.UseCase.RootKey}");
            for (var open = 0; open < 5; open++) writer.WriteEndElement();
        }
    }
}
