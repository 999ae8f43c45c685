using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The intake's queue, keeping what it is given (the intake tests look at what was accepted).</summary>
internal sealed class RecordingQueue : IIntakeQueue
{
    public List<AcceptedMessage> Queued { get; } = [];

    public Task EnqueueAsync(AcceptedMessage message, CancellationToken ct)
    {
        Queued.Add(message);
        return Task.CompletedTask;
    }
}

/// <summary>The intake's partners: those given.</summary>
internal sealed class Senders(Partner[] partners) : IKnownSenders
{
    public Partner? Find(string senderId) => partners.FirstOrDefault(p => PartnerDirectory.SameId(p.Id, senderId));

    public Partner? WithTokenSha256(string digest) => partners.FirstOrDefault(p => p.TokenSha256 == digest);

    public string HubId => "fr.police.mcic2";
}
