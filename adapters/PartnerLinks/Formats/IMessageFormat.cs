using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>
/// A format: canonical ⇄ bytes, no I/O (CISU JSON, CISU XML; later Pégase, FHIR). Both directions refuse what they
/// cannot carry with a <see cref="CanonicalModel.Errors.MessageRejectedException"/> (a code and a path per problem).
/// </summary>
public interface IMessageFormat
{
    /// <summary>The name partners are configured with in the rules (<c>cisu-json</c>, <c>cisu-xml</c>).</summary>
    string Name { get; }

    /// <summary>The content type of what <see cref="Encode"/> writes and of what <see cref="Decode"/> reads.</summary>
    string ContentType { get; }

    /// <summary>Reads, validates and maps one message.</summary>
    CanonicalMessage Decode(ReadOnlyMemory<byte> bytes);

    /// <summary>Writes <paramref name="message"/> as <paramref name="family"/> (translated when it is of another
    /// family, e.g. an RC-EDA case as EMSI); 600 MESSAGE_CONVERSION_ERROR when that cannot be done.</summary>
    byte[] Encode(CanonicalMessage message, string family);
}
