using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MCIC2.Interop.Tests.Host;

/// <summary>The peer links as the host binds them from <c>Hub:Peers:&lt;name&gt;:*</c>, and the rules that name them.</summary>
[TestClass]
public sealed class When_peer_links_are_configured
{
    [TestMethod]
    public void Each_section_is_a_link_named_by_its_key_with_its_settings()
    {
        var links = PeerLinkServices.OptionsFrom(Settings(new()
        {
            ["Hub:Peers:hubsante:Host"] = "hub.esante.example",
            ["Hub:Peers:hubsante:VirtualHost"] = "15-nexsis_v1.9",
            ["Hub:Peers:hubsante:CertificatePfx"] = "/etc/mcic2/hubsante.pfx",
            ["Hub:Peers:hubsante:SendExchange"] = "hubsante",
            ["Hub:Peers:hubsante:Serves:0"] = "fr.health.*",
            ["Hub:Peers:nexsis:Host"] = "hubex.nexsis.example",
            ["Hub:Peers:nexsis:CertificatePfx"] = "/etc/mcic2/nexsis.pfx",
            ["Hub:Peers:nexsis:Encoding"] = "xml",
            ["Hub:Peers:nexsis:Serves:0"] = "fr.fire.*",
            ["Hub:Peers:nexsis:Serves:1"] = "fr.health.samu69",
        }));

        Assert.HasCount(2, links);
        var hubSante = links.Single(l => l.Name == "hubsante");
        Assert.AreEqual("15-nexsis_v1.9", hubSante.VirtualHost);
        Assert.AreEqual("hubsante", hubSante.SendExchange);
        Assert.AreEqual("fr.police.mcic2", hubSante.ClientId, "the hub's id by default");
        Assert.AreEqual("application/json", hubSante.ContentType);
        var nexsis = links.Single(l => l.Name == "nexsis");
        Assert.AreEqual("application/xml", nexsis.ContentType);
        CollectionAssert.AreEqual(new[] { "fr.fire.*", "fr.health.samu69" }, nexsis.Serves);
    }

    [TestMethod]
    public void Every_mistake_of_a_link_is_refused_at_start_with_its_key()
    {
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => PeerLinkServices.OptionsFrom(Settings(new()
        {
            ["Hub:Peers:hubsante:Host"] = "hub.esante.example",
            ["Hub:Peers:hubsante:ClientId"] = "Police MCIC2",
            ["Hub:Peers:hubsante:Serves:0"] = "fr.*.samu35",
        })));

        StringAssert.Contains(refused.Message, "Hub:Peers:hubsante:ClientId: 'Police MCIC2' is not a HubEx client id");
        StringAssert.Contains(refused.Message, "Hub:Peers:hubsante: the hub's certificate for this peer is required");
        StringAssert.Contains(refused.Message, "Hub:Peers:hubsante:Serves:0: 'fr.*.samu35' is neither a partner id");
    }

    [TestMethod]
    [DataRow("fr.health.samu35", true)]
    [DataRow("FR.HEALTH.SAMU35", true)]
    [DataRow("fr.health.samu35.regulation", true)]
    [DataRow("fr.health", false)]
    [DataRow("fr.healthcare.samu35", false)]
    [DataRow("fr.gendarmerie.corg35", false)]
    public void A_prefix_pattern_serves_the_ids_below_it_only(string partnerId, bool served)
    {
        Assert.AreEqual(served, new PeerServes(["fr.health.*"]).Serves(partnerId));
    }

    [TestMethod]
    public void A_partner_reached_through_a_link_the_host_does_not_have_is_refused_when_the_rules_load()
    {
        using var files = new TempDirectory("mcic2-peer-rules-");
        var (certificate, key) = TestCertificates.WritePem(
            TestCertificates.SelfSigned("fr.police.mcic2", TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1)), files.Path);
        var link = new PeerLink(new PeerLinkOptions { Name = "hubsante", CertificatePem = certificate, CertificateKeyPem = key, Serves = ["fr.health.*"] },
            TestLinks.Formats, TimeProvider.System);
        var catalog = PartnerLinkServices.Default(new PeerChannel([link]));
        var rules = RuleSetLoader.CopyDefaultTo(files.Path, new Uri("http://127.0.0.1:5091"));
        var document = JsonNode.Parse(File.ReadAllText(rules))!;
        foreach (var partner in document["partners"]!.AsArray().Select(p => p!.AsObject()))
        {
            if ((string?)partner["id"] is not ("fr.health.samu35" or "fr.health.samu44")) continue;
            partner["channel"] = PeerChannel.ChannelName;
            partner["address"] = (string?)partner["id"] == "fr.health.samu35" ? "hubsante" : "hub-sante";
            partner.Remove("backupAddress");
        }
        File.WriteAllText(rules, document.ToJsonString());

        var load = RuleSetLoader.LoadFile(rules, catalog);

        Assert.IsFalse(load.Succeeded);
        var problem = load.Problems.Single().ToString();
        StringAssert.Contains(problem, "$.partners[7].address");
        StringAssert.Contains(problem, "'hub-sante' is not a peer link of this hub (hubsante; settings Hub:Peers:<name>) (channel hubex-peer)");
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
