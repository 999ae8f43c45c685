using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>A partner's operators: what they send back for a message the hub delivered to them, and when.</summary>
public interface IPartnerActor
{
    string PartnerId { get; }

    IReadOnlyList<ActorReply> OnReceived(Delivered message);
}

/// <summary>A reply sent <paramref name="After"/> the message that called for it (zero: at once). It is written when
/// it is sent (<see cref="Write"/>), so that it is dated by the scenario clock then.</summary>
public sealed record ActorReply(TimeSpan After, Func<OutgoingMessage> Write);

/// <summary>A message the hub delivered to a partner, decoded; <see cref="Kind"/> names EMSI requests and answers apart.</summary>
public sealed record Delivered(string PartnerId, CanonicalMessage Message, TimeSpan At)
{
    public string SenderId => Message.Distribution?.SenderId ?? "";
    public string DistributionId => Message.Distribution?.DistributionId ?? "";

    /// <summary>The family, with an EMSI told apart: <c>EMSI-DC</c> (a request for assistance not yet answered),
    /// <c>EMSI-RDC</c> (an answer), else <c>EMSI</c>.</summary>
    public string Kind => Message.Family != MessageFamilies.Emsi ? Message.Family
        : Message.Incident?.AssistanceRequests.Any(r => r.Answers.Count > 0) == true ? "EMSI-RDC"
        : Message.Incident?.AssistanceRequests.Count > 0 ? "EMSI-DC"
        : "EMSI";

    public bool IsAcknowledgementOrError => Message.Family is MessageFamilies.Reference or MessageFamilies.Error;

    /// <summary>The case the message is about: the CISU case id, else the EMSI main event.</summary>
    public string? CaseId => Message.Incident?.Identity.CaseId ?? Message.Incident?.Identity.EmsiMainEventId
        ?? (Message.Family == MessageFamilies.ResourcesInfo ? Message.Incident?.Identity.CaseId : null);
}
