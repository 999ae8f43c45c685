using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>A CISU message in its logical JSON form, split into envelope, header and use-case payload.</summary>
public sealed class CisuDocument
{
    public required CisuUseCase UseCase { get; init; }

    /// <summary>The encoding the document was read from.</summary>
    public required CisuEncoding Encoding { get; init; }

    /// <summary>EDXL-DE fields other than <c>content</c>; null for a bare payload.</summary>
    public JsonObject? Envelope { get; init; }

    /// <summary>RC-DE fields of <c>message</c> other than the use-case object; null for a bare payload.</summary>
    public JsonObject? Header { get; init; }

    /// <summary>The content of the use-case object, without its root key.</summary>
    public required JsonObject Payload { get; init; }

    /// <summary>The content objects after the first (EDXL-DE allows several), each in its logical form: the
    /// <c>message</c> object, RC-DE header fields and one use-case key. Empty for one content object or a bare payload.
    /// The hub maps the first content object only; these travel unchanged.</summary>
    public IReadOnlyList<JsonObject> AdditionalContents { get; init; } = [];

    /// <summary>How the XML it was read from was spelled, to write it back alike; null when read from JSON.</summary>
    public XmlStyle? Xml { get; init; }
}

/// <summary>A namespace and the prefix bound to it (empty prefix: default namespace).</summary>
public sealed record XmlName(string Prefix, string Namespace);

/// <summary>The XML spelling of a document: the names used for <c>message</c> (null for a bare payload)
/// and for the use-case element, the namespaces declared on the root element, and the <c>xlink:type</c>
/// attributes of the EDXL-DE elements, by local name (<c>edxlDistribution</c>, <c>descriptor</c>, <c>content</c>,
/// <c>contentObject</c>), and the names of the content objects after the first (null: the XSD namespaces).</summary>
public sealed record XmlStyle(
    XmlName? Message,
    XmlName UseCase,
    IReadOnlyList<XmlName> RootNamespaceDeclarations,
    IReadOnlyDictionary<string, string> XlinkTypes,
    IReadOnlyList<ContentXmlNames>? AdditionalContents = null);

/// <summary>The names used for <c>message</c> and the use-case element of one content object.</summary>
public sealed record ContentXmlNames(XmlName Message, XmlName UseCase);
