using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.RecordingPartner;

namespace MCIC2.Interop.Simulators.PartnerActors.Transport;

/// <summary>How actors meet the hub: what the partners it carries received (in arrival order, growing), and how their
/// messages reach the hub. HTTP (<see cref="HttpActorTransport"/>) and AMQP through each force's peer HubEx
/// (<see cref="PeerHubExActorTransport"/>).</summary>
public interface IActorTransport
{
    /// <summary>True when this transport carries <paramref name="partnerId"/>'s messages.</summary>
    bool Carries(string partnerId);

    IReadOnlyList<ReceivedDelivery> Received { get; }

    /// <summary>Sends <paramref name="message"/>; null once accepted (HTTP 202, AMQP publisher confirm), else why not.</summary>
    Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
