using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_a_house_fire_is_routed
{
    [TestMethod]
    public void The_SDIS_is_told_and_not_the_SAMU()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", victims: "0"), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "nature C04.02.01, victims 0 → rule 'fire' → SDIS in département 35 → fr.fire.sdis35");
    }

    [TestMethod]
    public void A_fire_code_newer_than_the_code_list_still_matches_by_its_shape()
    {
        CollectionAssert.AreEqual(new[] { "C04.02.77", "C04.02.00", "C04.00.00" }, NatureRule.AncestorsOf("C04.02.77", "HubSante.fait").ToList());

        var decision = Routing.Decide(Routing.IncidentAt("69123", "C04.02.77"), sender: "fr.police.cic69");

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis69" }, decision.RecipientIds().ToList());
    }
}

[TestClass]
public sealed class When_a_house_fire_with_a_victim_is_routed
{
    [TestMethod]
    [DataRow("1")]
    [DataRow("PLUSIEURS")]
    [DataRow("INCONNU")]
    public void The_SDIS_and_the_SAMU_are_told(string victims)
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", victims), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35", "fr.health.samu35" }, decision.RecipientIds().ToList());
    }

    [TestMethod]
    public void A_health_motive_counts_as_a_victim()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", healthMotive: "M02.04"), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35", "fr.health.samu35" }, decision.RecipientIds().ToList());
    }
}

[TestClass]
public sealed class When_a_road_accident_with_victims_is_routed
{
    [TestMethod]
    public void The_SDIS_the_SAMU_and_the_competent_force_are_each_told_once()
    {
        var decision = Routing.Decide(Routing.IncidentAt("69009", "C01.01.01", "PLUSIEURS"), sender: "fr.police.cic69");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg69", "fr.fire.sdis69", "fr.health.samu69" }, decision.RecipientIds().ToList());
        Assert.AreEqual(2, decision.Reasons.Count(r => r.EndsWith("→ fr.gendarmerie.corg69", StringComparison.Ordinal)), "jurisdiction and the nature rule both name the CORG");
    }

    [TestMethod]
    public void Without_victims_only_the_competent_force_is_told()
    {
        var decision = Routing.Decide(Routing.IncidentAt("69009", "C01.01.01", "0"), sender: "fr.fire.sdis69");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg69" }, decision.RecipientIds().ToList());
    }
}

[TestClass]
public sealed class When_the_sender_would_be_a_recipient
{
    [TestMethod]
    public void It_is_left_out_and_the_reason_says_so()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", "1"), sender: "fr.fire.sdis35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.health.samu35" }, decision.RecipientIds().ToList());
        decision.AssertReasonEndingWith("fr.fire.sdis35 is the sender: not sent back");
    }

    [TestMethod]
    public void Its_id_is_compared_without_case()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", "0"), sender: "FR.FIRE.SDIS35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, decision.RecipientIds().ToList());
    }
}

[TestClass]
public sealed class When_no_one_must_be_told
{
    [TestMethod]
    public void A_public_order_matter_from_the_competent_CIC_itself_is_unroutable()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C07.03.00"), sender: "fr.police.cic35");

        Assert.IsTrue(decision.IsUnroutable);
        StringAssert.Contains(decision.Reasons[^1], "unroutable");
    }
}
