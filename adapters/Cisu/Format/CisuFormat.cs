using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Adapters.Cisu.Format;

/// <summary>
/// CISU messages (EDXL-DE envelope, RC-DE header, RC-EDA, RC-RI, RC-REF, EMSI, RS-ERROR, GEO-*) in one of their two
/// encodings, as a format of the partner-link seam: <c>cisu-json</c> or <c>cisu-xml</c>.
/// </summary>
public sealed class CisuFormat(CisuEncoding encoding) : IMessageFormat, IEnvelopeFormat
{
    /// <summary>Longer ids are not quoted back (Hub Santé's ids are far shorter).</summary>
    private const int MaxIdLength = 256;

    public static CisuFormat Json { get; } = new(CisuEncoding.Json);
    public static CisuFormat Xml { get; } = new(CisuEncoding.Xml);

    public CisuEncoding Encoding { get; } = encoding;

    public string Name { get; } = encoding == CisuEncoding.Xml ? "cisu-xml" : "cisu-json";

    public string ContentType { get; } = encoding == CisuEncoding.Xml ? "application/xml" : "application/json";

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        var decoded = CisuCodec.Shared.Decode(bytes.Span);
        // The codec reads either encoding; a body that is not what its content type says is refused, as a partner
        // sending it would be by Hub Santé, rather than guessed at.
        if (decoded.Encoding != Encoding)
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$",
                $"the body is {(decoded.Encoding == CisuEncoding.Xml ? "XML" : "JSON")} but was sent as {ContentType}");
        return decoded.Message;
    }

    public byte[] Encode(CanonicalMessage message, string family) => CisuCodec.Shared.Encode(message, Encoding, family);

    /// <summary>The EDXL-DE <c>senderID</c> and <c>distributionID</c>, top level of the envelope, nothing else read.</summary>
    public EnvelopeIds? ReadEnvelopeIds(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var (sender, distribution) = Encoding == CisuEncoding.Xml ? XmlIds(bytes) : JsonIds(bytes);
            return sender is { Length: > 0 and <= MaxIdLength } && distribution is { Length: > 0 and <= MaxIdLength } ? new EnvelopeIds(sender, distribution) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static (string?, string?) JsonIds(ReadOnlyMemory<byte> bytes)
    {
        using var document = System.Text.Json.JsonDocument.Parse(bytes, new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        if (root.ValueKind != System.Text.Json.JsonValueKind.Object) return (null, null);
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        return (Text("senderID"), Text("distributionID"));
    }

    private static (string?, string?) XmlIds(ReadOnlyMemory<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        string? sender = null, distribution = null;
        if (!reader.ReadToFollowing("edxlDistribution", CisuNamespaces.Edxl)) return (null, null);
        var depth = reader.Depth;
        reader.Read();
        // The envelope's own children only; a payload is skipped whole, never read.
        while (!reader.EOF && reader.Depth > depth && (sender is null || distribution is null))
        {
            if (reader.NodeType != System.Xml.XmlNodeType.Element) reader.Read();
            else if (reader.LocalName == "senderID") sender = reader.ReadElementContentAsString();
            else if (reader.LocalName == "distributionID") distribution = reader.ReadElementContentAsString();
            else reader.Skip();
        }
        return (sender, distribution);
    }
}
