using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>Who sent a message, when, under which distribution id and kind: what the ledger orders and records by.</summary>
public sealed record MessageSource(string Sender, DateTimeOffset SentAt, string DistributionId, string Kind, string Family)
{
    /// <summary>The partner's own <c>sentAt</c> (RC-DE header), else the envelope's.</summary>
    public static MessageSource? Of(CanonicalMessage message) => message.Distribution is { } d
        ? new MessageSource(d.SenderId, d.Header?.SentAt ?? d.SentAt, d.DistributionId, d.Kind, message.Family)
        : null;

    public Provenance Provenance => new(Sender, SentAt, Family, DistributionId);
}
