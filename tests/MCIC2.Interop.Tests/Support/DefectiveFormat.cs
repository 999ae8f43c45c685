using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// A format whose writer throws for one message as a defect would (the exception .NET's XmlWriter throws on a character
/// XML 1.0 has not), until <see cref="Fixed"/> — what a later version of the hub brings. Every other message is written
/// by <paramref name="inner"/>.
/// </summary>
public sealed class DefectiveFormat(IMessageFormat inner, string failingDistributionId) : IMessageFormat
{
    public bool Fixed { get; set; }

    public string Name => inner.Name;

    public string ContentType => inner.ContentType;

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes) => inner.Decode(bytes);

    public byte[] Encode(CanonicalMessage message, string family) =>
        !Fixed && message.Distribution?.DistributionId == failingDistributionId
            ? throw new ArgumentException("'\uFFFE', hexadecimal value 0xFFFE, is an invalid character.")
            : inner.Encode(message, family);
}
