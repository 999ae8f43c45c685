namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>The ids of a message's envelope, read without validating the rest.</summary>
public sealed record EnvelopeIds(string SenderId, string DistributionId);

/// <summary>
/// A format that can name a message's sender and distribution id even when it refuses the message (a payload against
/// its schema): the refusal can then go back to that sender, naming the message — over AMQP nobody else would tell it.
/// </summary>
public interface IEnvelopeFormat
{
    /// <returns>null when the bytes are not an envelope of this format at all.</returns>
    EnvelopeIds? ReadEnvelopeIds(ReadOnlyMemory<byte> bytes);
}
