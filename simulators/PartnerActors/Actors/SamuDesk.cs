using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>
/// A SAMU regulation desk: an RC-REF at once for each message; a request for assistance (EMSI DC) addressed to it is
/// answered (EMSI RDC) after the regulator's delay, as the policy says.
/// </summary>
public sealed class SamuDesk(ActorMessages writer, AnswerPolicy answers) : AcknowledgingDesk(writer)
{
    protected override IEnumerable<ActorReply> Answer(Delivered message)
    {
        if (message.Kind != "EMSI-DC") return [];
        var request = message.Message.Incident!.AssistanceRequests.First(r => r.Answers.Count == 0);
        return answers.To(Writer, message.CaseId, request.Id, message.SenderId);
    }
}
