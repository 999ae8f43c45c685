using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>
/// A desk that answers requests for assistance: a SAMU regulation desk, or a CIC desk asked by the SAMU (actor
/// <c>cic</c> with <c>answer=</c>). An RC-REF at once for each message; a request for assistance (EMSI DC) it receives
/// is answered (EMSI RDC) after the operator's delay, as the policy says.
/// </summary>
public sealed class AnsweringDesk(ActorMessages writer, AnswerPolicy answers) : AcknowledgingDesk(writer)
{
    protected override IEnumerable<ActorReply> Answer(Delivered message)
    {
        if (message.Kind != "EMSI-DC") return [];
        var request = message.Message.Incident!.AssistanceRequests.First(r => r.Answers.Count == 0);
        return answers.To(Writer, message.CaseId, request.Id, message.SenderId);
    }
}
