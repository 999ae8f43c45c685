using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>
/// A CORG (gendarmerie operations centre; it writes XML): an RC-REF at once for each message (the handover is then
/// acknowledged); a case handed over by the police is answered after the policy's delay, accepted or refused with a
/// reason, as an EMSI answer addressed back to the CIC. The hub's handover of a case is the delivery it made to the
/// CORG, so the answer names it (<c>distribution id@corg id</c>, the hub's delivery id).
/// </summary>
public sealed class CorgDesk(ActorMessages writer, AnswerPolicy answers) : AcknowledgingDesk(writer)
{
    private readonly HashSet<string> _cases = [];

    protected override IEnumerable<ActorReply> Answer(Delivered message)
    {
        if (message.Message.Family != "EMSI" || message.Kind != "EMSI" || message.CaseId is not { } caseId || !_cases.Add(caseId)) return [];
        if (!message.SenderId.StartsWith("fr.police.", StringComparison.Ordinal)) return [];
        return answers.To(Writer, caseId, $"{message.DistributionId}@{PartnerId}", message.SenderId);
    }
}
