using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_case_is_created_twice
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    [TestMethod]
    public void A_creation_by_another_partner_is_refused_with_CASE_ALREADY_EXISTS_and_changes_nothing()
    {
        var created = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());
        var before = Ledger.Json(created);

        var outcome = Ledger.Default.Apply(created, CaseMessages.Creation(CaseMessages.Samu, minute: 3), _time.GetUtcNow());

        var rejected = (ApplyOutcome.Rejected)outcome;
        Assert.AreEqual(HubErrorCode.CaseAlreadyExists, rejected.Code);
        Assert.AreEqual("$.createCase.caseId", rejected.Path);
        Assert.AreEqual(before, Ledger.Json(created));
    }

    [TestMethod]
    public void The_creator_re_sending_its_case_as_a_report_shares_an_update()
    {
        var created = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());

        var updated = Ledger.Applied(Ledger.Default.Apply(created, CaseMessages.CaseUpdate(CaseMessages.Sdis, 10, kind: "Report"), _time.GetUtcNow()));

        Assert.AreEqual(2, updated.Version);
        Assert.HasCount(2, updated.Incident.Alerts);
        Assert.AreEqual("PLUSIEURS", updated.Incident.Qualification!.Victims!.Count);
    }

    [TestMethod]
    public void An_update_from_another_partner_merges_new_alerts_once_and_keeps_provenance_per_part()
    {
        var created = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());

        var once = Ledger.Applied(Ledger.Default.Apply(created, CaseMessages.CaseUpdate(CaseMessages.Police, 10), _time.GetUtcNow()));
        var twice = Ledger.Applied(Ledger.Default.Apply(once, CaseMessages.CaseUpdate(CaseMessages.Police, 12), _time.GetUtcNow()));

        Assert.AreEqual(3, twice.Version);
        CollectionAssert.AreEqual(new[] { "CGAXXX-20240813-AT517", "CGAXXX-20240813-AT518" }, twice.Incident.Alerts.Select(a => a.Id).ToArray());
        Assert.AreEqual(CaseMessages.Sdis, twice.Incident.Alerts[0].Provenance!.Partner);
        Assert.AreEqual(CaseMessages.Police, twice.Incident.Alerts[1].Provenance!.Partner);
        Assert.AreEqual(CaseMessages.Police, twice.Incident.Qualification!.Provenance!.Partner);
        Assert.AreEqual(CaseMessages.T0.AddMinutes(12), twice.LastAppliedBySender[CaseMessages.Police]);
        Assert.AreEqual(CaseMessages.T0, twice.LastAppliedBySender[CaseMessages.Sdis]);
    }

    [TestMethod]
    public void An_older_statement_of_the_qualification_does_not_replace_a_newer_one()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.CaseUpdate(CaseMessages.Police, 10));

        var olderFromAnother = Ledger.Applied(Ledger.Default.Apply(incident, CaseMessages.Creation(CaseMessages.Gendarmerie, minute: 5, kind: "Update"), _time.GetUtcNow()));

        Assert.AreEqual(CaseMessages.Police, olderFromAnother.Incident.Qualification!.Provenance!.Partner);
        Assert.AreEqual("PLUSIEURS", olderFromAnother.Incident.Qualification.Victims!.Count);
    }

    [TestMethod]
    public void A_newer_statement_of_the_victims_alone_keeps_the_nature_and_the_rest_of_the_qualification()
    {
        var created = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());
        var before = created.Incident.Qualification!;
        var victimsOnly = CaseMessages.CaseUpdate(CaseMessages.Samu, 10);
        victimsOnly.Incident!.Qualification = new Qualification
        {
            Victims = new Victims { Count = "1", MainVictim = "ENFANT" },
            Provenance = victimsOnly.Incident.Qualification!.Provenance,
        };

        var updated = Ledger.Applied(Ledger.Default.Apply(created, victimsOnly, _time.GetUtcNow())).Incident.Qualification!;

        Assert.IsNotNull(before.Nature);
        Assert.AreEqual(before.Nature.Code, updated.Nature!.Code, "a victims update never wipes the nature");
        Assert.AreEqual(before.LocationKind?.Code, updated.LocationKind?.Code);
        CollectionAssert.AreEqual(before.Risks.Select(r => r.Code).ToArray(), updated.Risks.Select(r => r.Code).ToArray());
        Assert.AreEqual("1", updated.Victims!.Count);
        Assert.AreEqual("ENFANT", updated.Victims.MainVictim);
        Assert.AreEqual(CaseMessages.Samu, updated.Provenance!.Partner);
    }
}
