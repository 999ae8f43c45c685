using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Handovers;
using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_case_is_created
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    [TestMethod]
    public void An_RC_EDA_report_on_an_unknown_case_creates_version_1_with_its_hub_id_and_timeline()
    {
        var ledger = new IncidentLedger(HandoverOptions.Default, key => $"HUB-{key.Length}");

        var created = Ledger.Applied(ledger.Apply(null, CaseMessages.Creation(), _time.GetUtcNow()));

        Assert.AreEqual(CaseMessages.FireCase, created.Key);
        Assert.AreEqual(1, created.Version);
        Assert.AreEqual($"HUB-{CaseMessages.FireCase.Length}", created.HubId);
        Assert.AreEqual(created.HubId, created.Incident.Identity.HubId);
        Assert.AreEqual(CaseMessages.Sdis, created.CreatedBy);
        Assert.AreEqual(CaseMessages.T0, created.LastAppliedBySender[CaseMessages.Sdis]);
        Assert.AreEqual("C04.02.01", created.Incident.Qualification!.Nature!.Code);
        Assert.AreEqual(CaseMessages.Sdis, created.Incident.Qualification.Provenance!.Partner);
        Assert.HasCount(1, created.Incident.Alerts);
        Assert.AreEqual("case-created", created.Incident.Timeline.Single().Kind);
    }

    [TestMethod]
    public void The_default_hub_id_is_derived_from_the_case_key()
    {
        var first = Ledger.Applied(Ledger.Default.Apply(null, CaseMessages.Creation(), _time.GetUtcNow()));
        var again = Ledger.Applied(Ledger.Default.Apply(null, CaseMessages.Creation(id: "another"), _time.GetUtcNow()));

        Assert.AreEqual(first.HubId, again.HubId);
        Assert.StartsWith("MCIC2-", first.HubId);
    }

    [TestMethod]
    public void A_message_without_envelope_is_refused_for_lack_of_sender()
    {
        var bare = CaseMessages.Creation();
        bare.Distribution = null;

        var outcome = Ledger.Default.Apply(null, bare, _time.GetUtcNow());

        Assert.AreEqual(HubErrorCode.InsufficientData, ((ApplyOutcome.Rejected)outcome).Code);
    }

    [TestMethod]
    public void A_cancellation_is_refused_rather_than_merged()
    {
        var created = Ledger.Applied(Ledger.Default.Apply(null, CaseMessages.Creation(), _time.GetUtcNow()));

        var outcome = Ledger.Default.Apply(created, CaseMessages.Creation(minute: 5, kind: "Cancel", id: "cancel"), _time.GetUtcNow());

        Assert.AreEqual(HubErrorCode.InsufficientData, ((ApplyOutcome.Rejected)outcome).Code);
    }
}
