using System.Text;
using MCIC2.Interop.Simulators.PartnerActors.Conformance;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Tests.Adapters.Fhir;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>The report's health-data judgements on deliveries made up here: a bundle that is not the victims' fails
/// the <c>FHIR</c> kind, and FHIR content reaching a partner that is not a health service fails <c>no health data</c>.</summary>
[TestClass]
public sealed class When_a_conformance_report_judges_health_data
{
    private static readonly Scenario Expecting = ScenarioFile.Parse(
        "scenario s\ncase c nature=C04.00.00 commune=35238 city=Rennes\nexpect no health data to fr.police.cic35\nexpect fr.health.samu35 gets FHIR from fr.health.samu35 by +0s\n");

    [TestMethod]
    public void FHIR_content_delivered_to_a_CIC_fails_no_health_data_naming_what_it_carried()
    {
        var body = FhirMessages.Bytes(FhirMessages.FireCaseWithPatient());

        var report = ConformanceReport.Of(Expecting, [], [new Delivery(TimeSpan.Zero, "fr.health.samu35", "fr.police.cic35", "FHIR", "", "application/fhir+json", body)]);

        var judged = report.Exchanges.Single(e => e.Expected == "no health data to fr.police.cic35");
        Assert.IsFalse(judged.Passed);
        StringAssert.Contains(judged.What, "content type application/fhir+json in a FHIR from fr.health.samu35");
        Assert.IsFalse(report.Passed);
    }

    [TestMethod]
    public void A_bundle_is_told_valid_with_its_entries_and_one_without_its_victims_entries_is_not()
    {
        var body = FhirMessages.Bytes(FhirMessages.FireCaseWithPatient());

        var (kind, what) = HealthData.Describe(body);
        Assert.AreEqual(HealthData.Fhir, kind, what);
        StringAssert.Contains(what, "Patient");

        var withoutLocation = FhirMessages.WithBundle(body, bundle => bundle["entry"]!.AsArray().RemoveAll(e => (string?)e!["resource"]!["resourceType"] == "Location"));
        Assert.AreEqual(HealthData.InvalidFhir, HealthData.Describe(withoutLocation).Kind);
        Assert.AreEqual(HealthData.InvalidFhir, HealthData.Describe(Encoding.UTF8.GetBytes("{\"distributionID\":1}")).Kind);
    }
}
