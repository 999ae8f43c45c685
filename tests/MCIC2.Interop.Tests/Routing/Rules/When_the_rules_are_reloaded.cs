using System.Text.Json.Nodes;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_the_rules_are_reloaded
{
    [TestMethod]
    public void A_valid_new_file_swaps_the_version_and_the_decisions()
    {
        using var directory = new RulesDirectory();
        using var provider = RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog);
        var fire = Routing.IncidentAt("35238", "C04.02.01", "0");
        Assert.AreEqual("2026-11-28.1", provider.Version);
        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35" }, provider.Decide(Routing.MessageAbout(fire), fire, "fr.police.cic35").RecipientIds().ToList());

        directory.EditRules(rules =>
        {
            rules["version"] = "2026-11-28.2";
            // From now on the SAMU hears of every fire.
            rules["natureRules"]!.AsArray().Add(new JsonObject { ["id"] = "fire-samu", ["nature"] = "C04.00.00", ["services"] = new JsonArray("SAMU") });
        });
        var reload = provider.Reload();

        Assert.IsTrue(reload.Applied, string.Join("\n", reload.Problems));
        Assert.AreEqual("2026-11-28.2", provider.Version);
        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35", "fr.health.samu35" }, provider.Decide(Routing.MessageAbout(fire), fire, "fr.police.cic35").RecipientIds().ToList());
    }

    [TestMethod]
    public void A_SAMU_may_read_its_victims_in_FHIR()
    {
        using var directory = new RulesDirectory();
        using var provider = RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog);
        directory.EditRules(rules =>
        {
            rules["version"] = "2026-11-28.2";
            rules["partners"]![3]!["format"] = "fhir-r4";
        });

        var reload = provider.Reload();

        Assert.IsTrue(reload.Applied, string.Join("\n", reload.Problems));
        Assert.AreEqual("fhir-r4", provider.Current.Partners.Find("fr.health.samu35")!.Format);
    }

    [TestMethod]
    public void A_new_commune_in_the_table_is_routed_after_reload()
    {
        using var directory = new RulesDirectory();
        using var provider = RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog);
        var incident = Routing.IncidentAt("35281", "C07.03.00");
        directory.Append("communes-merged.csv", "35999,35281,test: a code merged into Saint-Jacques-de-la-Lande\n35998,35999,test: merged twice\n");

        Assert.IsTrue(provider.Reload().Applied);

        var decision = provider.Decide(Routing.MessageAbout(Routing.IncidentAt("35998", "C07.03.00")), Routing.IncidentAt("35998", "C07.03.00"), "fr.fire.sdis35");
        CollectionAssert.AreEqual(new[] { "fr.police.cic35" }, decision.RecipientIds().ToList(), "a chain of merges resolves transitively");
        Assert.IsTrue(decision.Reasons[0].Contains("commune 35998 (now 35281 Saint-Jacques-de-la-Lande)", StringComparison.Ordinal), decision.Reasons[0]);
        Assert.IsFalse(provider.Decide(Routing.MessageAbout(incident), incident, "fr.fire.sdis35").IsUnroutable);
    }
}

[TestClass]
public sealed class When_the_rules_directory_is_watched
{
    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public async Task An_edited_file_is_reloaded_without_a_call()
    {
        using var directory = new RulesDirectory();
        using var provider = RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog);
        var applied = new TaskCompletionSource<RulesReload>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.Reloaded += reload => { if (reload.Applied && reload.Version == "2026-11-28.3") applied.TrySetResult(reload); };
        provider.WatchDirectory();

        directory.EditRules(rules => rules["version"] = "2026-11-28.3");

        await applied.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.AreEqual("2026-11-28.3", provider.Version);
    }
}

[TestClass]
public sealed class When_a_bad_rules_file_is_reloaded
{
    private static (RulesReload Reload, RoutingRulesProvider Provider) ReloadAfter(RulesDirectory directory, Action<RulesDirectory> spoil)
    {
        var provider = RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog);
        spoil(directory);
        return (provider.Reload(), provider);
    }

    private static void AssertRefusedWith(Action<RulesDirectory> spoil, string expectedProblem)
    {
        using var directory = new RulesDirectory();
        var (reload, provider) = ReloadAfter(directory, spoil);
        using (provider)
        {
            Assert.IsFalse(reload.Applied);
            Assert.AreEqual("2026-11-28.1", provider.Version, "the old rules stay in force");
            Assert.AreEqual("2026-11-28.1", reload.Version);
            CollectionAssert.Contains(reload.Problems.Select(p => p.ToString()).ToList(), expectedProblem, string.Join("\n", reload.Problems));
            CollectionAssert.AreEqual(reload.Problems.ToList(), provider.LastRefusal.ToList());
        }
    }

    private static void EditAndBumpVersion(RulesDirectory directory, Action<JsonObject> edit) => directory.EditRules(rules =>
    {
        rules["version"] = "2026-11-28.2";
        edit(rules);
    });

    [TestMethod]
    public void An_address_its_channel_cannot_reach_is_located()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![3]!["address"] = "partners/fr.health.samu35"),
            "rules.json: $.partners[3].address: 'partners/fr.health.samu35' is not an absolute URI (http or https) (channel http)");
    }

    [TestMethod]
    public void A_format_the_hub_does_not_have_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![2]!["format"] = "cisu-yaml"),
            "rules.json: $.partners[2].format: 'cisu-yaml' is not a format of this hub (cisu-json, cisu-xml, canonical-json, fhir-r4, pegase)");
    }

    [TestMethod]
    public void Patient_data_for_a_partner_that_is_no_health_service_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![2]!["format"] = "fhir-r4"),
            "rules.json: $.partners[2].format: 'fhir-r4' carries patient identities and medical data: only a health service (kind samu, id fr.health.*) may be given it, and fr.fire.sdis35 (kind sdis) is not one");
    }

    [TestMethod]
    public void Patient_data_for_a_SAMU_outside_the_health_domain_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r =>
            {
                r["partners"]![3]!["id"] = "fr.samu.samu35";
                r["partners"]![3]!["format"] = "fhir-r4";
            }),
            "rules.json: $.partners[3].format: 'fhir-r4' carries patient identities and medical data: only a health service (kind samu, id fr.health.*) may be given it, and fr.samu.samu35 (kind samu) is not one");
    }

    [TestMethod]
    public void A_channel_whose_settings_are_missing_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![0]!["channel"] = "hubex"),
            "rules.json: $.partners[0].channel: 'hubex' is not a channel of this hub (http, pegase-soap): a channel that needs settings is there only once they are given");
    }

    [TestMethod]
    public void A_token_kept_in_clear_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![0]!["tokenSha256"] = "s3cret"),
            "rules.json: $.partners[0].tokenSha256: not a SHA-256 in hexadecimal (64 characters 0-9a-f): the rules keep a digest of the token, never the token");
    }

    [TestMethod]
    public void A_certificate_pinned_for_two_partners_is_refused()
    {
        var digest = new string('c', 64);
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r =>
            {
                r["partners"]![0]!["certificateSha256"] = digest;
                r["partners"]![1]!["certificateSha256"] = digest.ToUpperInvariant();
            }),
            "rules.json: $.partners[1].certificateSha256: the same as $.partners[0]'s: a credential authenticates one partner");
    }

    [TestMethod]
    public void A_certificate_digest_in_the_colon_form_is_refused()
    {
        var colons = string.Join(':', Enumerable.Repeat("AB", 32));
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![0]!["certificateSha256"] = colons),
            "rules.json: $.partners[0].certificateSha256: not a SHA-256 in hexadecimal (64 characters 0-9a-f): the digest of the certificate's DER bytes, without colons");
    }

    [TestMethod]
    public void A_duplicate_partner_id_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![1]!["id"] = "FR.POLICE.CIC35"),
            "rules.json: $.partners[1].id: duplicate partner id 'FR.POLICE.CIC35' (first at $.partners[0])");
    }

    [TestMethod]
    public void A_nature_rule_calling_an_unknown_service_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["natureRules"]![0]!["services"] = new JsonArray("POMPIERS")),
            "rules.json: $.natureRules[0].services[0]: unknown service 'POMPIERS' (known: SDIS, SAMU, FORCE)");
    }

    [TestMethod]
    public void A_nature_code_missing_from_the_code_list_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["natureRules"]![0]!["nature"] = "C44.00.00"),
            "rules.json: $.natureRules[0].nature: 'C44.00.00' is not a code of HubSante.fait");
    }

    [TestMethod]
    public void A_misspelt_property_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["partners"]![0]!["backupEndpont"] = "http://127.0.0.1:5093/"),
            "rules.json: $.partners[0].backupEndpont: unknown property (known: id, kind, name, departments, families, format, channel, address, backupAddress, tokenSha256, certificateSha256)");
    }

    [TestMethod]
    public void A_subscription_for_an_unknown_partner_is_refused()
    {
        AssertRefusedWith(
            d => EditAndBumpVersion(d, r => r["subscriptions"]![0]!["partner"] = "fr.police.cic99"),
            "rules.json: $.subscriptions[0].partner: unknown partner 'fr.police.cic99'");
    }

    [TestMethod]
    public void A_file_that_is_not_JSON_is_refused_with_its_line()
    {
        AssertRefusedWith(
            d => File.WriteAllText(d.RulesFile, "{\n  \"version\": \"2026-11-28.2\",\n  oops\n}"),
            "rules.json:line 3: not JSON: 'o' is an invalid start of a property name. Expected a '\"'. LineNumber: 2 | BytePositionInLine: 2.");
    }

    [TestMethod]
    public void A_zone_row_of_an_unknown_institution_is_refused_with_its_line()
    {
        AssertRefusedWith(
            d => d.Append("force-zones.csv", "35001,Acigné,PM,,,35690\n"),
            "force-zones.csv:71: institution 'PM' is neither PN (police) nor GN (gendarmerie)");
    }

    [TestMethod]
    public void A_merged_code_that_the_COG_knows_is_refused()
    {
        AssertRefusedWith(
            d => d.Append("communes-merged.csv", "35266,35257,Saint-Erblon is a commune, not a merged code\n"),
            "communes-merged.csv:6: 35266 is in the Code officiel géographique (commune Saint-Erblon): it cannot be redirected");
    }

    [TestMethod]
    public void A_loop_of_merged_codes_is_refused()
    {
        AssertRefusedWith(
            d => d.Append("communes-merged.csv", "35901,35902,test\n35902,35901,test\n"),
            "communes-merged.csv:6: merged codes loop: 35901 → 35902 → 35901");
    }

    [TestMethod]
    public void A_merged_code_leading_nowhere_is_refused()
    {
        AssertRefusedWith(
            d => d.Append("communes-merged.csv", "35901,35902,test\n"),
            "communes-merged.csv:6: 35901 → 35902 reaches no code of the Code officiel géographique");
    }

    [TestMethod]
    public void A_missing_zone_table_is_refused()
    {
        AssertRefusedWith(
            d => File.Delete(d.File("force-zones.csv")),
            "rules.json: $.forceZones: 'force-zones.csv' cannot be read beside the rules file");
    }
}

[TestClass]
public sealed class When_the_rules_cannot_be_loaded_at_start_up
{
    [TestMethod]
    public void The_provider_refuses_to_start_and_lists_every_problem()
    {
        using var directory = new RulesDirectory();
        directory.EditRules(r =>
        {
            r.Remove("version");
            r["partners"]![2]!["kind"] = "pompiers";
        });

        var refusal = Assert.ThrowsExactly<InvalidRulesException>(() => RoutingRulesProvider.FromFile(directory.RulesFile, TestLinks.Catalog));

        CollectionAssert.AreEquivalent(
            new[] { "rules.json: $.version: missing", "rules.json: $.partners[2].kind: 'pompiers' is not one of cic, corg, sdis, samu" },
            refusal.Problems.Select(p => p.ToString()).ToList());
    }
}

[TestClass]
public sealed class When_the_default_rules_are_loaded
{
    [TestMethod]
    public void They_load_from_the_assembly_alone()
    {
        using var provider = RoutingRulesProvider.FromDefault(TestLinks.Catalog);

        Assert.AreEqual("2026-11-28.1", provider.Version);
        CollectionAssert.AreEquivalent(new[] { "communes-merged.csv", "force-zones.csv", "rules.json" }, RuleSetLoader.DefaultFiles.ToList());
        Assert.IsGreaterThan(34_000, provider.Current.Communes.Cog.CommuneCount);
        Assert.IsGreaterThanOrEqualTo(40, provider.Current.Zones.CommuneCount);
    }

    [TestMethod]
    public void Every_test_departement_has_its_CIC_SDIS_and_SAMU()
    {
        foreach (var department in new[] { "35", "44", "69", "75" })
        {
            foreach (var kind in new[] { MCIC2.Interop.Routing.Partners.PartnerKind.Cic, MCIC2.Interop.Routing.Partners.PartnerKind.Sdis, MCIC2.Interop.Routing.Partners.PartnerKind.Samu })
            {
                Assert.AreEqual(1, Routing.DefaultRules.Partners.Serving(kind, department).Count, $"{kind} {department}");
            }
        }
    }
}
