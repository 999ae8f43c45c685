using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_partner_reports_its_resources
{
    private const string Vsr = "fr.fire.sisXXX.cga-XXX.resource.VSR268";
    private const string Vsav1 = "fr.fire.sisXXX.cga-XXX.resource.VSAV1";
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    private StoredIncident After(params string[] snapshots) =>
        Ledger.ApplyAll(_time.GetUtcNow(), [CaseMessages.Creation(), .. snapshots.Select(n => CaseMessages.Resources(n))]);

    [TestMethod]
    public void Snapshots_merge_by_resource_id_with_each_status_change_in_order()
    {
        var incident = After("02", "03", "05", "07");

        CollectionAssert.AreEqual(new[] { Vsr, Vsav1, "fr.fire.sisXXX.cga-XXX.resource.VSAV2" }, incident.Incident.Resources.Select(r => r.ResourceId).ToArray());
        var vsr = incident.Incident.Resources[0];
        CollectionAssert.AreEqual(new[] { "DECLENCHE", "DEPART", "ARRIVEE" }, vsr.StatusHistory.Select(s => s.Status).ToArray());
        Assert.AreEqual(5, incident.Version);
    }

    [TestMethod]
    public void The_same_status_at_the_same_time_reported_again_is_not_a_new_entry()
    {
        // Snapshot 05 repeats the VSR's DEPART of 10:28 reported by 03.
        var incident = After("03", "05");

        Assert.HasCount(1, incident.Incident.Resources.Single(r => r.ResourceId == Vsr).StatusHistory);
        Assert.HasCount(1, incident.Incident.Timeline.Where(e => e.Description == $"{Vsr} DEPART"));
    }

    [TestMethod]
    public void Resources_of_other_partners_are_untouched()
    {
        var incident = After("05");
        var sdisBefore = Ledger.Json(incident).Length;
        var withSamu = Ledger.Applied(Ledger.Default.Apply(incident, CaseMessages.SamuResources(40), _time.GetUtcNow()));

        var sdisResources = withSamu.Incident.Resources.Where(r => r.Provenance!.Partner == CaseMessages.Sdis).ToList();
        Assert.HasCount(2, sdisResources);
        Assert.IsTrue(withSamu.Incident.Resources.Any(r => r.Provenance!.Partner == CaseMessages.Samu));
        Assert.IsEmpty(withSamu.ResourcesUnreportedSince);
        Assert.IsGreaterThan(sdisBefore, Ledger.Json(withSamu).Length);
    }

    [TestMethod]
    public void A_resource_missing_from_its_partners_new_snapshot_is_kept_and_marked_until_reported_again()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.Resources("05"), CaseMessages.Resources("02", minute: 30));

        Assert.IsTrue(incident.Incident.Resources.Any(r => r.ResourceId == Vsav1), "a resource never disappears silently");
        Assert.AreEqual(CaseMessages.T0.AddMinutes(30), incident.ResourcesUnreportedSince[Vsav1]);
        Assert.IsTrue(incident.Incident.Timeline.Any(e => e.Kind == "resource-unreported" && e.Description!.StartsWith(Vsav1)));

        var reported = Ledger.Applied(Ledger.Default.Apply(incident, CaseMessages.Resources("07"), _time.GetUtcNow()));
        Assert.IsEmpty(reported.ResourcesUnreportedSince);
    }
}
