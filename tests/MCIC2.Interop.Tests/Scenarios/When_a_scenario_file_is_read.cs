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
    public void A_link_cut_names_its_partner_its_start_and_how_long_it_lasts()
    {
        var scenario = ScenarioFile.Parse(Header + "at +40s the link to fr.police.cic35 is cut for 1m20s\nexpect nothing to x\n");

        var cut = scenario.Cuts.Single();
        Assert.AreEqual("fr.police.cic35", cut.PartnerId);
        Assert.AreEqual(TimeSpan.FromSeconds(40), cut.At);
        Assert.AreEqual(TimeSpan.FromMinutes(2), cut.Until);
        Assert.AreEqual(4, cut.Line);
        Assert.AreEqual(0, scenario.Steps.Count, "a cut is no message");
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
    [DataRow("at +40s the link to fr.health.samu35 is cut for 20s\nexpect nothing to x", "f:4: the link to fr.health.samu35 is cut, but fr.health.samu35 has no 'actor' line above")]
    [DataRow("at +40s the link to fr.police.cic35 is cut for 0s\nexpect nothing to x", "f:4: a link is cut for more than 0s")]
    [DataRow("at +40s the link to fr.police.cic35 is cut for a while\nexpect nothing to x", "f:4: 'at +40s the link to fr.police.cic35 is cut for a while': expected at +T PARTNER sends case|request|resources CASE [to PARTNER], or at +T the link to PARTNER is cut for D")]
    [DataRow("at +40s the link to fr.police.cic35 is cut for soon\nexpect nothing to x", "f:4: 'soon' is not a duration")]
    [DataRow("at +1m the link to fr.police.cic35 is cut for 2m\nat +2m the link to fr.police.cic35 is cut for 1m\nexpect nothing to x", "f:5: the link to fr.police.cic35 is cut already then (line 4)")]
    public void A_mistake_is_refused_with_its_line(string lines, string expected)
    {
        var refused = Assert.ThrowsExactly<ScenarioException>(() => ScenarioFile.Parse(Header + lines, "f"));

        StringAssert.StartsWith(refused.Message, expected);
    }
}
