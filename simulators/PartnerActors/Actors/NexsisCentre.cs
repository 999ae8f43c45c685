using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>What a NexSIS operations centre does on a case, each after its delay from the case's arrival.</summary>
public sealed record NexsisPolicy(AnswerPolicy Answers, TimeSpan? Engage, TimeSpan? OnScene, TimeSpan? NewAlert);

/// <summary>
/// A NexSIS operations centre (SDIS; it writes XML): an RC-REF at once for each message; on a case another partner
/// shares, it engages a vehicle (RC-RI), then a second one while the first arrives on scene (RC-RI), and may take a new
/// call on the same case (RC-EDA update with a new alert); a request for assistance is answered as the policy says.
/// </summary>
public sealed class NexsisCentre(ActorMessages writer, NexsisPolicy policy) : AcknowledgingDesk(writer)
{
    private readonly HashSet<string> _cases = [];

    protected override IEnumerable<ActorReply> Answer(Delivered message)
    {
        if (message.Kind == "EMSI-DC")
        {
            var request = message.Message.Incident!.AssistanceRequests.First(r => r.Answers.Count == 0);
            foreach (var reply in policy.Answers.To(Writer, message.CaseId, request.Id, message.SenderId)) yield return reply;
        }
        if (message.Message.Family != "RC-EDA" || message.CaseId is not { } caseId || !_cases.Add(caseId)) yield break;
        if (policy.Engage is { } engage)
            yield return new ActorReply(engage, () => Writer.Resources(caseId, [("VSAV-1", "DEPART")]));
        if (policy.OnScene is { } onScene)
            yield return new ActorReply(onScene, () => Writer.Resources(caseId, [("VSAV-1", "ARRIVEE"), ("FPT-1", "DEPART")]));
        if (policy.NewAlert is { } newAlert)
        {
            yield return new ActorReply(newAlert, () => Writer.NewAlert(message.Message, $"{caseId}-alert-2"));
        }
    }
}
