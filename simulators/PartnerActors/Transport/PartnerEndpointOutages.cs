using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;

namespace MCIC2.Interop.Simulators.PartnerActors.Transport;

/// <summary>The link to a partner behind the <see cref="Recorder"/> cut: its endpoint answers 503 until given back, so
/// the hub keeps what it owes it in its outbox and retries (a scenario's <c>at +T the link to PARTNER is cut for D</c> over HTTP).</summary>
public sealed class PartnerEndpointOutages(Recorder partners) : IPeerLinkOutages
{
    public Task StartAsync(string link, CancellationToken cancellationToken)
    {
        partners.SetDown(link, true);
        return Task.CompletedTask;
    }

    public Task EndAsync(string link, CancellationToken cancellationToken)
    {
        partners.SetDown(link, false);
        return Task.CompletedTask;
    }
}
