using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>The actors' answers are the ones the hub understands: the handovers the scenarios start end as answered.</summary>
[TestClass]
public sealed class When_the_actors_answer_a_handover
{
    [TestMethod]
    public async Task The_CORG_acknowledges_then_accepts_the_case_the_police_hands_over()
    {
        var run = await ScenarioRun.PlayAsync("road-accident-gendarmerie");

        var handover = run.Incidents["accident"].Handovers.Single(h => h.ToPartner == "fr.gendarmerie.corg35");
        Assert.AreEqual(HandoverKind.IncidentHandover, handover.Kind);
        Assert.AreEqual("fr.police.cic35", handover.FromPartner);
        CollectionAssert.AreEqual(new[] { HandoverState.Sent, HandoverState.Acknowledged, HandoverState.Accepted }, handover.History.Select(s => s.State).ToArray(), run.Log);
    }

    [TestMethod]
    public async Task A_CORG_that_refuses_gives_its_reason_and_the_CIC_hears_it()
    {
        var run = await ScenarioRun.PlayAsync("road-accident-gendarmerie",
            text => text.Replace("corg answer=accept after=3m", "corg answer=refuse reason=\"hors zone de compétence\" after=2m", StringComparison.Ordinal));

        var handover = run.Incidents["accident"].Handovers.Single(h => h.ToPartner == "fr.gendarmerie.corg35");
        Assert.AreEqual(HandoverState.Refused, handover.State, run.Log);
        Assert.AreEqual("hors zone de compétence", handover.AnswerReason);
        Assert.IsTrue(run.Report.Exchanges.Single(e => e.Expected.StartsWith("fr.gendarmerie.corg35 → fr.police.cic35 EMSI-RDC", StringComparison.Ordinal)).Passed, run.Report.ToText());
    }

    [TestMethod]
    public async Task The_SDIS_answer_to_the_SAMU_request_for_assistance_closes_it_accepted()
    {
        var run = await ScenarioRun.PlayAsync("projectathon-lyon");

        var handover = run.Incidents["cyclists"].Handovers.Single(h => h.Kind == HandoverKind.AssistanceRequest);
        Assert.AreEqual("fr.fire.sdis69", handover.ToPartner);
        Assert.AreEqual(HandoverState.Accepted, handover.State, run.Log);
        Assert.AreEqual(AssistanceAnswerKind.Accepted, run.Incidents["cyclists"].AssistanceRequests.Single().Answers.Single().Kind);
    }
}
