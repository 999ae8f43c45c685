using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Writes a <see cref="CisuDocument"/> in either encoding, UTF-8, indented, properties and elements in schema
/// order. The document is checked against the schemas first: an unknown property or a mistyped value is refused
/// (<see cref="MessageRejectedException"/>, code 300) rather than dropped or written wrongly; a value XML cannot carry
/// is refused when writing XML (600).
/// </summary>
public sealed class CisuWriter
{
    public byte[] Write(CisuDocument doc, CisuEncoding encoding)
    {
        var parts = Parts(doc);
        // What XML cannot carry (control characters, lone surrogates) is refused with its path by JsonToXml.
        return encoding == CisuEncoding.Json ? JsonMessageWriter.Write(doc.UseCase, parts) : XmlMessageWriter.Write(doc.UseCase, parts, doc.Xml);
    }

    /// <summary>The JSON encoding of <paramref name="doc"/> as a tree, checked as <see cref="Write"/> checks it, without the bytes.</summary>
    internal static System.Text.Json.Nodes.JsonObject JsonTree(CisuDocument doc) => JsonMessageWriter.Root(doc.UseCase, Parts(doc));

    private static MessageParts Parts(CisuDocument doc) =>
        MessageParts.Ordered(doc.UseCase, doc.Envelope, doc.Header, doc.Payload, doc.AdditionalContents);

    public string WriteString(CisuDocument doc, CisuEncoding encoding) => System.Text.Encoding.UTF8.GetString(Write(doc, encoding));
}
