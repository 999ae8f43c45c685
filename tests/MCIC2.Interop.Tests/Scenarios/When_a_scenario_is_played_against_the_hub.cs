using MCIC2.Interop.Simulators.PartnerActors.Timeline;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>The shipped scenarios (simulators/PartnerActors/Scenarios) against the hub, in fake scenario time.</summary>
[TestClass]
public sealed class When_a_scenario_is_played_against_the_hub
{
    public static readonly string[] Played = ["ans-acceptance", "burglary", "gas-leak", "house-fire", "projectathon-lyon", "public-order-event", "road-accident-gendarmerie"];

    [TestMethod]
    [DataRow("ans-acceptance")]
    [DataRow("burglary")]
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
