using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Adapters.Cisu.Format;

/// <summary>
/// CISU messages (EDXL-DE envelope, RC-DE header, RC-EDA, RC-RI, RC-REF, EMSI, RS-ERROR, GEO-*) in one of their two
/// encodings, as a format of the partner-link seam: <c>cisu-json</c> or <c>cisu-xml</c>.
/// </summary>
public sealed class CisuFormat(CisuEncoding encoding) : IMessageFormat
{
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
}
