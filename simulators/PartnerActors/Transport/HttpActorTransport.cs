using System.Net.Http.Headers;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.RecordingPartner;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;

namespace MCIC2.Interop.Simulators.PartnerActors.Transport;

/// <summary>Actors behind one <see cref="Recorder"/> (where the hub's rules send over HTTP), posting their messages
/// to the hub's <c>POST /messages</c>. Carries every partner: put it last.</summary>
public sealed class HttpActorTransport(HttpClient hub, Recorder partners) : IActorTransport
{
    public bool Carries(string partnerId) => true;

    public IReadOnlyList<ReceivedDelivery> Received => partners.Received;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.BaseAddress!, "/messages")) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(message.ContentType);
        using var response = await hub.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        return status == 202 ? null : $"refused {status}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
    }
}
