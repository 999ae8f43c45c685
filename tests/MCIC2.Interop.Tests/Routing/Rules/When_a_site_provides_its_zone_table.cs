using System.Text;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_a_site_provides_its_zone_table
{
    private const string PublicOrder = "C07.03.00";

    /// <summary>The ministry's format as a site would download it: UTF-8 with a byte order mark, <c>;</c>-separated,
    /// quoted fields, one row per postal code.</summary>
    private const string Official = """
        code_commune;libelle_commune;institution;id_service;service;code_postal
        35238;RENNES;PN;11035001;"Commissariat central de Rennes";35000
        35238;RENNES;PN;11035001;"Commissariat central de Rennes";35200
        35001;ACIGNE;GN;21035010;"Brigade de Cesson-Sévigné; Acigné";35690
        35047;BRUZ;PN;11035002;Commissariat de Bruz;35170
        35047;BRUZ;GN;21035011;Brigade de Bruz;35170
        44160;SAINT-GEREON;GN;21044020;Brigade d'Ancenis;44150
        """;

    private static RuleSet LoadWithZoneTable(RulesDirectory rules, string zoneTable, string text)
    {
        File.WriteAllText(zoneTable, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        rules.EditRules(r => r["forceZones"] = zoneTable);
        var load = RuleSetLoader.LoadFile(rules.RulesFile, TestLinks.Catalog);
        Assert.IsTrue(load.Succeeded, string.Join("\n", load.Problems));
        return load.Rules!;
    }

    private static RoutingDecision Decide(RuleSet rules, string insee, string sender = "fr.fire.sdis35")
    {
        var incident = Routing.IncidentAt(insee, PublicOrder);
        return rules.Decide(Routing.MessageAbout(incident), incident, sender);
    }

    [TestMethod]
    public void The_file_named_in_the_rules_gives_the_zones_and_names_the_units()
    {
        using var rules = new RulesDirectory();
        using var elsewhere = new TempDirectory();
        var zoneTable = Path.Combine(elsewhere.Path, "competence-territoriale-gn-pn.csv");

        var loaded = LoadWithZoneTable(rules, zoneTable, Official);

        var rennes = Decide(loaded, "35238");
        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, rennes.RecipientIds().ToList());
        CollectionAssert.Contains(rennes.Reasons.ToList(), "jurisdiction: commune 35238 Rennes → police zone (Commissariat central de Rennes) → fr.police.cic35");
        var acigne = Decide(loaded, "35001");
        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg35" }, acigne.RecipientIds().ToList());
        CollectionAssert.Contains(acigne.Reasons.ToList(), "jurisdiction: commune 35001 Acigné → gendarmerie zone (Brigade de Cesson-Sévigné; Acigné) → fr.gendarmerie.corg35");
        Assert.AreEqual(zoneTable, loaded.Zones.File);
    }

    [TestMethod]
    public void A_commune_listed_under_both_institutions_reaches_both_forces()
    {
        using var rules = new RulesDirectory();
        var loaded = LoadWithZoneTable(rules, rules.File("zones.csv"), Official);

        var bruz = Decide(loaded, "35047");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.gendarmerie.corg35" }, bruz.RecipientIds().ToList());
        Assert.IsEmpty(bruz.Warnings);
    }

    [TestMethod]
    public void A_row_on_a_historic_code_counts_for_the_commune_it_is_now_part_of()
    {
        using var rules = new RulesDirectory();
        var loaded = LoadWithZoneTable(rules, rules.File("zones.csv"), Official);

        var decision = Decide(loaded, "44003", sender: "fr.fire.sdis44");

        CollectionAssert.AreEqual(new[] { "fr.gendarmerie.corg44" }, decision.RecipientIds().ToList());
    }

    [TestMethod]
    public void A_commune_the_site_file_leaves_out_reaches_both_forces_with_a_warning()
    {
        using var rules = new RulesDirectory();
        var loaded = LoadWithZoneTable(rules, rules.File("zones.csv"), Official);

        // Guichen is in the shipped excerpt, not in this file.
        var decision = Decide(loaded, "35126");

        CollectionAssert.AreEqual(new[] { "fr.police.cic35", "fr.gendarmerie.corg35" }, decision.RecipientIds().ToList());
        decision.AssertReasonContaining($"commune 35126 Guichen → zone unknown (not in {rules.File("zones.csv")}): both forces");
        Assert.HasCount(1, decision.Warnings);
    }

    [TestMethod]
    public void A_comma_separated_table_loads_too()
    {
        using var rules = new RulesDirectory();
        var loaded = LoadWithZoneTable(rules, rules.File("zones.csv"),
            "code_commune,libelle_commune,institution,id_service,service,code_postal\n35238,Rennes,PN,11035001,\"Commissariat central, Rennes\",35000\n");

        CollectionAssert.Contains(Decide(loaded, "35238").Reasons.ToList(), "jurisdiction: commune 35238 Rennes → police zone (Commissariat central, Rennes) → fr.police.cic35");
    }

    [TestMethod]
    public void A_table_of_every_commune_gives_each_a_force()
    {
        // A national table, as the ministry's covers France: every current commune, police zone one in three.
        using var rules = new RulesDirectory();
        var cog = Routing.DefaultRules.Communes.Cog;
        var national = new StringBuilder("code_commune;libelle_commune;institution;id_service;service;code_postal\n");
        var communes = cog.Entries.Where(e => e.Kind == CommuneCodeKind.Current).Select(e => e.Commune).ToList();
        for (var i = 0; i < communes.Count; i++) national.Append($"{communes[i].InseeCode};{communes[i].Name};{(i % 3 == 0 ? "PN" : "GN")};;;\n");

        var loaded = LoadWithZoneTable(rules, rules.File("zones.csv"), national.ToString());

        Assert.AreEqual(communes.Count, loaded.Zones.CommuneCount);
        Assert.IsTrue(communes.All(c => loaded.Zones.Of(c.InseeCode).Count == 1));
        Assert.IsEmpty(Decide(loaded, "35001").Warnings);
    }

    [TestMethod]
    public void A_malformed_table_is_refused_with_every_line_at_fault()
    {
        using var rules = new RulesDirectory();
        var zoneTable = rules.File("zones.csv");
        File.WriteAllText(zoneTable, """
            code_commune;libelle_commune;institution;id_service;service;code_postal
            35238;RENNES;PN;11035001;Commissariat central de Rennes;35000
            35001;ACIGNE;PM;21035010;Brigade de Cesson-Sévigné;35690
            35999;NULLE-PART;GN;;;35999
            3500X;RENNES;PN;;;35000
            35047;BRUZ;GN;Brigade de Bruz
            """);
        rules.EditRules(r => r["forceZones"] = "zones.csv");

        var load = RuleSetLoader.LoadFile(rules.RulesFile, TestLinks.Catalog);

        Assert.IsFalse(load.Succeeded);
        CollectionAssert.AreEquivalent(
            new[]
            {
                "zones.csv:3: institution 'PM' is neither PN (police) nor GN (gendarmerie)",
                "zones.csv:4: commune 35999 'NULLE-PART' is neither in the Code officiel géographique nor in the merged codes",
                "zones.csv:5: '3500X' is not an INSEE code",
                "zones.csv:6: 4 fields, 6 expected (code_commune,libelle_commune,institution,id_service,service,code_postal)",
            },
            load.Problems.Select(p => p.ToString()).ToList());
    }

    [TestMethod]
    public void A_table_with_another_header_is_refused()
    {
        using var rules = new RulesDirectory();
        File.WriteAllText(rules.File("zones.csv"), "insee;name;zone\n35238;Rennes;PN\n");
        rules.EditRules(r => r["forceZones"] = "zones.csv");

        var load = RuleSetLoader.LoadFile(rules.RulesFile, TestLinks.Catalog);

        CollectionAssert.Contains(load.Problems.Select(p => p.ToString()).ToList(),
            "zones.csv:1: header must be 'code_commune,libelle_commune,institution,id_service,service,code_postal'");
    }
}
