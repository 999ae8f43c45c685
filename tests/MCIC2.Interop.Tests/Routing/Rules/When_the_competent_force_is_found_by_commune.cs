using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Logging;

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
        // Saint-Géréon (44160) merged into Ancenis-Saint-Géréon (44003) in 2019 and kept no commune déléguée.
        var decision = Routing.Decide(Routing.IncidentAt("44160", PublicOrder), sender: "fr.police.cic44");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg44" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 44160 (now 44003 Ancenis-Saint-Géréon) → gendarmerie zone → fr.gendarmerie.corg44");
    }

    [TestMethod]
    public void A_commune_deleguee_resolves_to_its_chef_lieu()
    {
        // Saint-Étienne-en-Coglès (35267) is a commune déléguée of Maen Roch (35257) since 2017.
        var decision = Routing.Decide(Routing.IncidentAt("35267", PublicOrder), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("commune 35267 Saint-Étienne-en-Coglès (commune déléguée of 35257 Maen Roch)");
        Assert.AreEqual("35257", Routing.DefaultRules.Communes.Resolve("35267").Commune!.InseeCode);
    }

    [TestMethod]
    public void An_arrondissement_of_Lyon_is_in_the_zone_of_Lyon()
    {
        // The official RC-EDA sample sends 69382 (Lyon 2e): the zone table lists the commune, Lyon.
        var decision = Routing.Decide(Routing.IncidentAt("69382", PublicOrder), sender: "fr.fire.sdis69");

        CollectionAssert.AreEqual(new[] { "fr.police.cic69" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("commune 69382 Lyon 2e Arrondissement (arrondissement of 69123 Lyon) → police zone");
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
public sealed class When_the_code_is_not_in_the_Code_officiel_geographique
{
    [TestMethod]
    public void Both_forces_of_the_departement_read_from_the_code_are_told()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35999", "C07.03.00"), sender: "fr.fire.sdis35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35999 (not in the Code officiel géographique) → zone unknown: both forces → fr.gendarmerie.corg35");
        CollectionAssert.AreEqual(
            new[] { "jurisdiction: commune 35999 (not in the Code officiel géographique) has no known force zone: both the CIC and the CORG in département 35 (read from the INSEE code) are told" },
            decision.Warnings.ToList());
    }

    [TestMethod]
    public void A_fire_still_reaches_the_SDIS_of_the_departement_read_from_the_code()
    {
        var decision = Routing.Decide(Routing.IncidentAt("35999", "C04.02.01", victims: "0"), sender: "fr.police.cic35");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg35", "fr.fire.sdis35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("rule 'fire' → SDIS in département 35 (read from the INSEE code) → fr.fire.sdis35");
    }

    [TestMethod]
    public void A_code_of_no_departement_is_unroutable_and_says_no_force_is_listed()
    {
        var decision = Routing.Decide(Routing.IncidentAt("99999", "C07.03.00"), sender: "fr.fire.sdis35");

        Assert.IsTrue(decision.IsUnroutable);
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 99999 (not in the Code officiel géographique) → zone unknown: both forces → no CIC listed in département 99 (read from the INSEE code)");
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 99999 (not in the Code officiel géographique) → zone unknown: both forces → no CORG listed in département 99 (read from the INSEE code)");
    }

    [TestMethod]
    public void An_incident_without_commune_is_unroutable_not_an_exception()
    {
        var decision = Routing.Decide(Routing.IncidentAt(null, "C04.02.01"), sender: "fr.police.cic35");

        Assert.IsTrue(decision.IsUnroutable);
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: no commune given → no competent force");
        Assert.IsEmpty(decision.Warnings);
    }
}

[TestClass]
public sealed class When_the_zone_of_a_commune_is_unknown
{
    // Acigné (35001) is a commune of the COG that the shipped zone table does not list.
    private const string Acigne = "35001";

    [TestMethod]
    public void Both_the_CIC_and_the_CORG_of_its_departement_are_told_with_a_reason()
    {
        var decision = Routing.Decide(Routing.IncidentAt(Acigne, "C07.03.00"), sender: "fr.fire.sdis35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35001 Acigné → zone unknown (not in force-zones.csv): both forces → fr.police.cic35");
        CollectionAssert.Contains(decision.Reasons.ToList(), "jurisdiction: commune 35001 Acigné → zone unknown (not in force-zones.csv): both forces → fr.gendarmerie.corg35");
    }

    [TestMethod]
    public void A_rule_calling_the_competent_force_calls_both()
    {
        var decision = Routing.Decide(Routing.IncidentAt(Acigne, "C01.01.01", "0"), sender: "fr.fire.sdis35");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining("rule 'traffic-accident-without-victims' → competent force → fr.gendarmerie.corg35");
    }

    [TestMethod]
    public void The_provider_logs_a_warning()
    {
        var log = new RecordingLogger();
        using var provider = RoutingRulesProvider.FromDefault(TestLinks.Catalog, log);
        var incident = Routing.IncidentAt(Acigne, "C07.03.00");

        provider.Decide(Routing.MessageAbout(incident), incident, "fr.fire.sdis35");
        var known = Routing.IncidentAt("35238", "C07.03.00");
        provider.Decide(Routing.MessageAbout(known), known, "fr.fire.sdis35");

        var warning = log.Entries.Single();
        Assert.AreEqual(LogLevel.Warning, warning.Level);
        StringAssert.Contains(warning.Message, "commune 35001 Acigné has no known force zone: both the CIC and the CORG in département 35 are told");
    }

    [TestMethod]
    public void A_departement_without_partners_is_said_so()
    {
        // Ajaccio (2A004): Corsica has neither CIC nor CORG in the shipped rules.
        var decision = Routing.Decide(Routing.IncidentAt("2A004", "C07.03.00"), sender: "fr.fire.sdis35");

        Assert.IsTrue(decision.IsUnroutable);
        decision.AssertReasonContaining("jurisdiction: commune 2A004 Ajaccio → zone unknown (not in force-zones.csv): both forces → no CORG listed in département 2A");
    }
}
