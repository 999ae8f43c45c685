using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>
/// What every partner's desk does (the 15-18 rule): an RC-REF at once for each message received — never for an RC-REF
/// or an RS-ERROR, which would loop. On its own it is a CIC: it acknowledges and answers nothing else.
/// </summary>
public class AcknowledgingDesk(ActorMessages writer) : IPartnerActor
{
    protected ActorMessages Writer { get; } = writer;

    public string PartnerId => Writer.SenderId;

    public IReadOnlyList<ActorReply> OnReceived(Delivered message)
    {
        if (message.IsAcknowledgementOrError) return [];
        return [new ActorReply(TimeSpan.Zero, () => Writer.Acknowledgement(message.DistributionId)), .. Answer(message)];
    }

    /// <summary>What the operators send besides the RC-REF.</summary>
    protected virtual IEnumerable<ActorReply> Answer(Delivered message) => [];
}

/// <summary>How a desk answers a request: accept, refuse or partial, with a reason, after a delay; or not at all.</summary>
public sealed record AnswerPolicy(AnswerKind Kind, string? Reason, TimeSpan After)
{
    public IEnumerable<ActorReply> To(ActorMessages writer, string? caseId, string requestId, string requester)
    {
        if (Kind == AnswerKind.None || caseId is null) yield break;
        yield return new ActorReply(After, () => writer.AssistanceAnswer(caseId, requestId, Kind, Reason, requester));
    }
}
