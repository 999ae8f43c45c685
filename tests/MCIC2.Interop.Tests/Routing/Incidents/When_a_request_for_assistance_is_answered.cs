using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_request_for_assistance_is_answered
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    [TestMethod]
    public void The_request_and_its_answers_merge_by_request_id_and_the_EMSI_event_id_is_recorded()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(),
            CaseMessages.Creation(), CaseMessages.AssistanceRequest(5), CaseMessages.AssistanceAnswer(8, "PARTIELLE", "un seul VSAV"), CaseMessages.AssistanceAnswer(12, "ACCEPTE"));

        var request = incident.Incident.AssistanceRequests.Single();
        Assert.AreEqual(CaseMessages.RequestId, request.Id);
        Assert.AreEqual("CARENCE", request.Reason);
        Assert.AreEqual(CaseMessages.Samu, request.Provenance!.Partner);
        CollectionAssert.AreEqual(new[] { AssistanceAnswerKind.Partial, AssistanceAnswerKind.Accepted }, request.Answers.Select(a => a.Kind).ToArray());
        Assert.AreEqual(CaseMessages.Sdis, request.Answers[0].Provenance!.Partner);
        Assert.AreEqual("DRFR15690240430050", incident.Incident.Identity.EmsiEventId);
        Assert.AreEqual(CaseMessages.FireCase, incident.Incident.Identity.EmsiMainEventId);
    }

    [TestMethod]
    public void An_answer_before_its_request_is_kept_and_the_request_completes_it()
    {
        var answerFirst = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.AssistanceAnswer(8, "REFUS", "pas de moyen"), CaseMessages.AssistanceRequest(5));

        var request = answerFirst.Incident.AssistanceRequests.Single();
        Assert.AreEqual("CARENCE", request.Reason);
        Assert.AreEqual(AssistanceAnswerKind.Refused, request.Answers.Single().Kind);
        Assert.AreEqual("pas de moyen", request.Answers.Single().Reason);
    }

    [TestMethod]
    public void The_answer_drives_the_handover_of_the_request()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.AssistanceRequest(5));
        var started = Ledger.Applied(Ledger.Default.StartHandover(incident, HandoverKind.AssistanceRequest, CaseMessages.Samu, CaseMessages.Sdis,
            "carence", "delivery-1", _time.GetUtcNow(), CaseMessages.RequestId));
        _time.Advance(TimeSpan.FromMinutes(3));

        var outcome = (ApplyOutcome.Applied)Ledger.Default.Apply(started, CaseMessages.AssistanceAnswer(8, "REFUS", "pas de moyen"), _time.GetUtcNow());

        var handover = outcome.Incident.Incident.Handovers.Single();
        Assert.AreEqual(HandoverState.Refused, handover.State);
        Assert.AreEqual("pas de moyen", handover.AnswerReason);
        Assert.IsNull(handover.DueAt);
        Assert.AreEqual(_time.GetUtcNow(), handover.History.Last().At);
        Assert.Contains($"handover {CaseMessages.RequestId} Refused", outcome.Changes);
    }
}
