using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>Which of a partner's addresses a delivery goes to.</summary>
public enum AddressRole
{
    Primary,
    /// <summary>The partner's backup address: a handover it did not answer is resent there.</summary>
    Backup,
}

/// <summary>
/// One ordered queue of the outbox: a partner's deliveries to one of its addresses (or those of the incident-change
/// feed, whose id stands for the partner). Each queue is drained by one worker, strictly in sequence; the backup
/// address has a queue of its own so an escalation never waits behind the primary's outage.
/// </summary>
public sealed record DeliveryQueue(string PartnerId, AddressRole Role = AddressRole.Primary)
{
    public override string ToString() => Role == AddressRole.Primary ? PartnerId : $"{PartnerId} (backup address)";

    /// <summary>A partner id alone names the partner's primary queue.</summary>
    public static implicit operator DeliveryQueue(string partnerId) => new(partnerId);
}

/// <summary>How a queue's deliveries travel now: the channel and the address on it, as the rules (or the feed) say.</summary>
public sealed record DeliveryRoute(DeliveryQueue Queue, IPartnerChannel Channel, string Address);
