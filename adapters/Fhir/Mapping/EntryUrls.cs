using System.Security.Cryptography;
using System.Text;

namespace MCIC2.Interop.Adapters.Fhir.Mapping;

/// <summary>
/// The <c>fullUrl</c> of each entry, a UUID derived from the distribution id and the entry's role, never random: the
/// same message always gives the same bundle, so a message written again after a crash is recognised as a duplicate.
/// </summary>
internal sealed class EntryUrls(string distributionId)
{
    public string For(string role)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{distributionId}\n{role}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8, a UUID of custom (here: name-based) construction
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return $"urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}";
    }
}
