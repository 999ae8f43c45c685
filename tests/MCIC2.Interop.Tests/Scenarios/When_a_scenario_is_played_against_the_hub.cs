using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Tests.Adapters.Fhir;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>The shipped scenarios (simulators/PartnerActors/Scenarios) against the hub, in fake scenario time.</summary>
[TestClass]
public sealed class When_a_scenario_is_played_against_the_hub
{
    public static readonly string[] Played = ["ans-acceptance", "burglary", "fhir-victim-nantes", "gas-leak", "house-fire", "projectathon-lyon", "public-order-event", "road-accident-gendarmerie"];

    [TestMethod]
    [DataRow("ans-acceptance")]
    [DataRow("burglary")]
    [DataRow("fhir-victim-nantes")]
    [DataRow("gas-leak")]
    [DataRow("house-fire")]
    [DataRow("projectathon-lyon")]
    [DataRow("public-order-event")]
    [DataRow("road-accident-gendarmerie")]
    public async Task Its_conformance_report_is_green(string name)
    {
        var run = await ScenarioRun.PlayAsync(name);

        Assert.IsTrue(run.Report.Passed, run.Log);
        Assert.AreEqual(ScenarioFile.Load(ScenarioRun.Shipped(name)).Expectations.Count, run.Report.Exchanges.Count);
        StringAssert.Contains(run.Report.ToJson(), "\"passed\": true");
    }

    [TestMethod]
    public void Every_shipped_scenario_is_played_by_the_test_above()
    {
        CollectionAssert.AreEquivalent(ScenarioRun.ShippedNames.ToArray(), Played);
    }

    [TestMethod]
    public async Task The_SAMU_that_asks_for_FHIR_gets_the_victims_as_a_valid_R4_bundle_and_its_report_says_so()
    {
        var run = await ScenarioRun.PlayAsync("fhir-victim-nantes");

        var delivered = run.Received.Single(r => r.PartnerId == "fr.health.samu44" && r.ContentType.StartsWith("application/fhir+json", StringComparison.Ordinal));
        var bundle = FhirMessages.Bundle(delivered.Body);
        CollectionAssert.IsSubsetOf(new[] { "MessageHeader", "Encounter", "Location", "Observation" }, bundle.Entry.Select(e => e.Resource!.TypeName).ToArray());
        // Validated offline against base R4 by the Firely validator, independently of the report's own check.
        var errors = BaseR4.Errors(bundle);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        var judged = run.Report.Exchanges.Single(e => e.Expected == "fr.police.cic44 → fr.health.samu44 FHIR by +00:00");
        Assert.IsTrue(judged.Passed, run.Log);
        StringAssert.Contains(judged.What, "Bundle RC-EDA: MessageHeader, Encounter, Location, Observation");
        Assert.IsTrue(run.Report.Exchanges.Single(e => e.Expected == "no health data to fr.fire.sdis44").Passed, run.Report.ToText());
    }

    [TestMethod]
    public async Task A_link_the_scenario_cuts_holds_what_the_partner_is_owed_until_it_is_back()
    {
        var run = await ScenarioRun.PlayAsync("house-fire");

        var outage = run.Report.Outages.Single();
        Assert.AreEqual("fr.health.samu35", outage.Link);
        Assert.AreEqual(("01:00", "03:00"), (outage.Cut, outage.Back));
        Assert.IsTrue(outage.Held, run.Log);
        Assert.IsGreaterThanOrEqualTo(1, outage.DeliveredWhenBack, run.Log);
        // The vehicles' departure (+2m) reached the SAMU when its link came back, not before.
        Assert.AreEqual("03:00", run.Report.Exchanges.Single(e => e.Expected.StartsWith("fr.fire.sdis35 → fr.health.samu35 RC-RI", StringComparison.Ordinal)).At, run.Log);
        StringAssert.Contains(run.Log, "+01:00  player → fr.health.samu35  OUTAGE link cut for 02:00");
        StringAssert.Contains(run.Log, "+03:00  player → fr.health.samu35  OUTAGE link back");
        StringAssert.Contains(run.Report.ToText(), "link to fr.health.samu35 cut +01:00 → +03:00: nothing reached it meanwhile");
        StringAssert.Contains(run.Report.ToJson(), "\"outages\": [");
    }

    [TestMethod]
    public async Task A_NexSIS_centre_that_never_answers_turns_the_report_red_naming_the_missing_exchanges()
    {
        var run = await ScenarioRun.PlayAsync("projectathon-lyon", silenced: "fr.fire.sdis69");

        Assert.IsFalse(run.Report.Passed, run.Log);
        var failed = run.Report.Failures.Select(f => f.Expected).ToArray();
        CollectionAssert.Contains(failed, "fr.fire.sdis69 → fr.health.samu69 EMSI-RDC by +03:00");
        CollectionAssert.Contains(failed, "fr.fire.sdis69 → fr.health.samu69 RC-REF by +00:00");
        Assert.IsTrue(run.Report.Failures.All(f => f.What.StartsWith("missing: ", StringComparison.Ordinal)), run.Report.ToText());
        StringAssert.Contains(run.Report.ToText(), "FAIL  fr.fire.sdis69 → fr.health.samu69 EMSI-RDC by +03:00");
        // What does not depend on the silenced partner still passes.
        Assert.IsTrue(run.Report.Exchanges.Single(e => e.Expected == "fr.health.samu69 → fr.fire.sdis69 EMSI-DC by +01:00").Passed, run.Log);
    }
}
