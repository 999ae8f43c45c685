using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The intake's queue, recording what it was given (the intake tests check a refusal queues nothing).</summary>
internal sealed class RecordingQueue : IIntakeQueue
{
    public List<AcceptedMessage> Queued { get; } = [];

    public Task EnqueueAsync(AcceptedMessage message, CancellationToken ct)
    {
        Queued.Add(message);
        return Task.CompletedTask;
    }
}

/// <summary>The partners an intake test's hub knows.</summary>
internal sealed class KnownSenders(Partner[] partners) : IKnownSenders
{
    public Partner? Find(string senderId) => partners.FirstOrDefault(p => PartnerDirectory.SameId(p.Id, senderId));

    public Partner? WithTokenSha256(string digest) => partners.FirstOrDefault(p => p.TokenSha256 == digest);

    public Partner? WithCertificateSha256(string digest) => partners.FirstOrDefault(p => p.CertificateSha256 == digest);

    public string HubId => "fr.police.mcic2";
}
