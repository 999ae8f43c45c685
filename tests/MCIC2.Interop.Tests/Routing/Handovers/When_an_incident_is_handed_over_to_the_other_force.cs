using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Handovers;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Tests.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Handovers;

/// <summary>The handover driven as the pipeline does: through the ledger, in the incident's store transaction.</summary>
[TestClass]
public sealed class When_an_incident_is_handed_over_to_the_other_force
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0.AddMinutes(30));
    private readonly IncidentLedger _ledger = new(new HandoverOptions { AckTimeout = TimeSpan.FromMinutes(2), AnswerTimeout = TimeSpan.FromMinutes(10) });

    private StoredIncident Started()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());
        return Ledger.Applied(_ledger.StartHandover(incident, HandoverKind.IncidentHandover, CaseMessages.Police, CaseMessages.Gendarmerie,
            "commune 35580 is in gendarmerie zone (CORG 35)", "hub_to_corg35_1", _time.GetUtcNow()));
    }

    [TestMethod]
    public void Its_RC_REF_moves_it_to_acknowledged_with_the_answer_deadline()
    {
        var started = Started();
        _time.Advance(TimeSpan.FromMinutes(1));

        var acknowledged = Ledger.Applied(_ledger.Apply(started, CaseMessages.Acknowledgement("hub_to_corg35_1", CaseMessages.Gendarmerie, 31), _time.GetUtcNow()));

        var handover = acknowledged.Incident.Handovers.Single();
        Assert.AreEqual(HandoverState.Acknowledged, handover.State);
        Assert.AreEqual(_time.GetUtcNow() + TimeSpan.FromMinutes(10), handover.DueAt);
        Assert.AreEqual(started.Version + 1, acknowledged.Version);
        Assert.AreEqual(HandoverState.Sent, started.Incident.Handovers.Single().State, "the ledger never changes the incident it is given");
    }

    [TestMethod]
    public void An_acknowledgement_of_another_delivery_or_a_refusal_changes_nothing()
    {
        var started = Started();

        Assert.IsInstanceOfType<ApplyOutcome.Unchanged>(_ledger.Apply(started, CaseMessages.Acknowledgement("other", CaseMessages.Gendarmerie, 31), _time.GetUtcNow()));
        Assert.IsInstanceOfType<ApplyOutcome.Unchanged>(_ledger.Apply(started, CaseMessages.Acknowledgement("hub_to_corg35_1", CaseMessages.Gendarmerie, 31, refused: true), _time.GetUtcNow()));
    }

    [TestMethod]
    public void Past_its_deadline_the_ledger_returns_the_resend_then_the_operator_alert()
    {
        var started = Started();
        _time.Advance(TimeSpan.FromMinutes(2));

        var escalated = (ApplyOutcome.Applied)_ledger.OnDue(started, _time.GetUtcNow());
        Assert.AreEqual(new ResendToBackup("hub_to_corg35_1", CaseMessages.Gendarmerie), escalated.Actions.Single());
        Assert.IsInstanceOfType<ApplyOutcome.Unchanged>(_ledger.OnDue(escalated.Incident, _time.GetUtcNow()));

        _time.Advance(HandoverOptions.Default.EscalationTimeout);
        var alerted = (ApplyOutcome.Applied)_ledger.OnDue(escalated.Incident, _time.GetUtcNow());
        Assert.IsInstanceOfType<AlertOperator>(alerted.Actions.Single());
        Assert.AreEqual(HandoverState.OperatorAlerted, alerted.Incident.Incident.Handovers.Single().State);
    }

    [TestMethod]
    public void Starting_it_again_changes_nothing()
    {
        var started = Started();

        Assert.IsInstanceOfType<ApplyOutcome.Unchanged>(_ledger.StartHandover(started, HandoverKind.IncidentHandover, CaseMessages.Police,
            CaseMessages.Gendarmerie, null, "hub_to_corg35_1", _time.GetUtcNow()));
    }
}
