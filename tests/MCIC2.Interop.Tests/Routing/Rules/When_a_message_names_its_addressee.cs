using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_a_message_names_its_addressee
{
    private const string PublicOrderInRennes = "C07.03.00";

    [TestMethod]
    public void The_named_partner_is_added()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", PublicOrderInRennes), sender: "fr.police.cic35", addressedTo: "fr.health.samu35");

        CollectionAssert.AreEqual(new[] { "fr.health.samu35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "explicit address hubex:fr.health.samu35 → fr.health.samu35");
    }

    [TestMethod]
    public void An_unknown_partner_is_a_reason_not_a_crash()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", PublicOrderInRennes), sender: "fr.police.cic35", addressedTo: "fr.fire.sdis99");

        Assert.IsTrue(decision.IsUnroutable);
        CollectionAssert.Contains(decision.Reasons.ToList(), "explicit address hubex:fr.fire.sdis99: no such partner in the directory");
    }

    [TestMethod]
    public void An_address_to_the_hub_itself_leaves_the_rules_to_decide()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", PublicOrderInRennes), sender: "fr.fire.sdis35", addressedTo: "fr.police.mcic2");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, decision.RecipientIds().ToList());
    }

    [TestMethod]
    public void Another_scheme_is_ignored_with_a_reason()
    {
        var incident = Routing.IncidentAt("35238", PublicOrderInRennes);
        var message = Routing.MessageAbout(incident, addressedTo: "fr.health.samu35", scheme: "mailto");

        var decision = Routing.DefaultRules.Decide(message, incident, "fr.police.cic35");

        Assert.IsTrue(decision.IsUnroutable);
        decision.AssertReasonContaining("scheme not understood");
    }

    [TestMethod]
    public void A_partner_that_speaks_none_of_the_family_is_not_sent_it()
    {
        // The CORG speaks EMSI, RC-REF and RS-ERROR only: no GEO-POS.
        var decision = Routing.Decide(Routing.IncidentAt("35126"), sender: "fr.fire.sdis35", family: MessageFamilies.GeoPositions, addressedTo: "fr.gendarmerie.corg35");

        CollectionAssert.DoesNotContain(decision.RecipientIds().ToList(), "fr.gendarmerie.corg35");
        decision.AssertReasonContaining("takes none of GEO-POS");
    }
}

[TestClass]
public sealed class When_a_partner_subscribed_to_a_family
{
    [TestMethod]
    public void It_gets_that_family_about_incidents_in_its_departement()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35126"), sender: "fr.fire.sdis35", family: MessageFamilies.GeoPositions);

        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "subscription: fr.police.cic35 wants GEO-POS about incidents in département 35");
    }

    [TestMethod]
    public void It_does_not_get_it_about_incidents_elsewhere()
    {
        var decision = Routing.Decide(Routing.IncidentAt("69123"), sender: "fr.fire.sdis69", family: MessageFamilies.GeoPositions);

        CollectionAssert.DoesNotContain(decision.RecipientIds().ToList(), "fr.police.cic35");
        CollectionAssert.AreEqual(new[] { "fr.police.cic69" }, decision.RecipientIds().ToList());
    }

    [TestMethod]
    public void A_case_family_subscription_adds_to_the_other_rules()
    {
        // SAMU 35 asked for every RC-RI about incidents in Ille-et-Vilaine, even without victims.
        var decision = Routing.Decide(Routing.IncidentAt("35238", "C04.02.01", "0"), sender: "fr.fire.sdis35", family: MessageFamilies.ResourcesInfo);

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.health.samu35" }, decision.RecipientIds().ToList());
    }
}
