using MCIC2.Interop.Simulators.PartnerActors.Timeline;

namespace MCIC2.Interop.Tests.Scenarios;

[TestClass]
public sealed class When_a_scenario_file_is_read
{
    private const string Header = "scenario s\ncase c nature=C04.00.00 commune=35238 city=Rennes\nactor fr.police.cic35 cic\n";

    [TestMethod]
    public void Steps_come_in_time_order_with_their_settings_and_expectations_with_their_deadline()
    {
        var scenario = ScenarioFile.Parse(Header + "at +2m fr.police.cic35 sends resources c vehicles=BAC-1:DEPART\nat +0s fr.police.cic35 sends case c\n"
            + "expect fr.fire.sdis35 gets RC-EDA from fr.police.cic35 by +1m30s\nexpect nothing to fr.health.samu35\n");

        CollectionAssert.AreEqual(new[] { "case", "resources" }, scenario.Steps.Select(s => s.What).ToArray());
        Assert.AreEqual(TimeSpan.FromMinutes(2), scenario.Steps[1].At);
        Assert.AreEqual("BAC-1:DEPART", scenario.Steps[1].Settings["vehicles"]);
        Assert.AreEqual(TimeSpan.FromSeconds(90), scenario.Expectations[0].By);
        Assert.IsTrue(scenario.Expectations[1].IsForbidden);
    }

    [TestMethod]
    public void A_quoted_value_keeps_its_spaces()
    {
        var scenario = ScenarioFile.Parse("scenario s\ncase c nature=C04.00.00 commune=35238 city=Rennes text=\"Fumée au salon\"\nexpect nothing to x\n");

        Assert.AreEqual("Fumée au salon", scenario.Cases["c"].Text);
    }

    [TestMethod]
    [DataRow("at soon fr.police.cic35 sends case c\nexpect nothing to x", "f:4: 'soon' is not a duration")]
    [DataRow("at +0s fr.police.cic35 sends case other\nexpect nothing to x", "f:4: case 'other' is not declared above")]
    [DataRow("at +0s fr.police.cic35 sends request c\nexpect nothing to x", "f:4: 'at +0s fr.police.cic35 sends request c': expected at +T PARTNER sends request CASE to PARTNER")]
    [DataRow("expect fr.fire.sdis35 gets RC-EDA\n", "f:4: 'expect fr.fire.sdis35 gets RC-EDA': expected expect TO gets KIND from FROM by +T")]
    [DataRow("wait 5s\nexpect nothing to x", "f:4: 'wait 5s': expected scenario, title, case, actor, at or expect")]
    [DataRow("at +0s fr.police.cic35 sends case c\n", "f: no 'expect' line")]
    public void A_mistake_is_refused_with_its_line(string lines, string expected)
    {
        var refused = Assert.ThrowsExactly<ScenarioException>(() => ScenarioFile.Parse(Header + lines, "f"));

        StringAssert.StartsWith(refused.Message, expected);
    }
}
