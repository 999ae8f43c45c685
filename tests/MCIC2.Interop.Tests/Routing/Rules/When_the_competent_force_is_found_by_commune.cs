using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_the_competent_force_is_found_by_commune
{
    private const string PublicOrder = "C07.03.00";

    [TestMethod]
    public void A_commune_in_police_zone_goes_to_the_CIC()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35238", PublicOrder), sender: "fr.fire.sdis35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35238 Rennes → police zone → fr.police.cic35");
    }

    [TestMethod]
    public void A_commune_in_gendarmerie_zone_goes_to_the_CORG()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35126", PublicOrder), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35126 Guichen → gendarmerie zone → fr.gendarmerie.corg35");
    }

    [TestMethod]
    public void A_historic_code_of_a_merged_commune_resolves_to_the_current_commune()
    {
        // Saint-Étienne-en-Coglès (35266) is part of Maen Roch (35257) since 2017.
        var decision = Routing.Decide(Routing.IncidentAt("35266", PublicOrder), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("commune 35266 (now 35257 Maen Roch)");
    }

    [TestMethod]
    public void The_official_house_fire_example_reaches_its_gendarmerie_SDIS_and_SAMU()
    {
        // The example sends Guichen's postal code 35580 as INSEE code, and victims "NON DEFINI" (a woman found unconscious).
        var message = CisuCodec.Shared.Decode(Corpus.Bytes("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json")).Message;

        var decision = Routing.DefaultRules.Decide(message, message.Incident!, "fr.police.cic35");

        CollectionAssert.AreEquivalent(new[] { "fr.gendarmerie.corg35", "fr.fire.sdis35", "fr.health.samu35" }, decision.RecipientIds().ToList());
    }

    [TestMethod]
    public void The_official_gas_leak_example_reaches_the_Loire_Atlantique_services()
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes("examples/RC-EDA/RC-EDA-FuiteDeGaz-AliceGregoireNormand.01.json")).Message;

        var decision = Routing.DefaultRules.Decide(message, message.Incident!, "fr.health.samu44");

        CollectionAssert.AreEquivalent(new[] { "fr.gendarmerie.corg44", "fr.fire.sdis44" }, decision.RecipientIds().ToList());
    }
}

[TestClass]
public sealed class When_the_commune_is_unknown
{
    [TestMethod]
    public void No_force_is_named_and_the_reason_says_why()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35999", "C07.03.00"), sender: "fr.fire.sdis35");

        Assert.IsTrue(decision.IsUnroutable);
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35999 (not in the communes table) → no competent force");
    }

    [TestMethod]
    public void A_fire_still_reaches_the_SDIS_of_the_departement_read_from_the_code()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35999", "C04.02.01", victims: "0"), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("département 35 (read from the INSEE code)");
    }

    [TestMethod]
    public void An_incident_without_commune_is_unroutable_not_an_exception()
    {
        var decision = Routing.Decide(Routing.IncidentAt(null, "C04.02.01"), sender: "fr.police.cic35");

        Assert.IsTrue(decision.IsUnroutable);
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: no commune given → no competent force");
    }
}
