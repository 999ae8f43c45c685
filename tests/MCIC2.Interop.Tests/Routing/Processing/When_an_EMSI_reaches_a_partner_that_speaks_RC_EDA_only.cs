using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>
/// A CORG's EMSI about a case the SAMU created, addressed to that SAMU, whose rules say it speaks RC-EDA (XML) and not
/// EMSI: step 3 of the pipeline translates it for that recipient, on the real SQLite store, in fake time.
/// </summary>
[TestClass]
public sealed class When_an_EMSI_reaches_a_partner_that_speaks_RC_EDA_only
{
    private const string Corg = "fr.gendarmerie.corg35";
    private const string Samu = "fr.health.samu35";
    private const string CaseId = "fr.health.samu690.DRFR15690240430050";

    /// <summary>A quarter of an hour after the EMSI examples' own times.</summary>
    private static readonly DateTimeOffset SentAt = new(2024, 1, 9, 16, 15, 0, TimeSpan.FromHours(1));

    private TempDirectory _directory = null!;
    private RulesDirectory _rules = null!;
    private SqlHubStore _store = null!;
    private MessageProcessor _processor = null!;

    [TestInitialize]
    public async Task Start()
    {
        _directory = new TempDirectory("mcic2-emsi-rceda-");
        _rules = new RulesDirectory();
        _rules.EditRules(rules =>
        {
            var samu = rules["partners"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == Samu)!;
            samu["families"] = new JsonArray("RC-EDA", "RC-RI", "RC-REF", "RS-ERROR");
            samu["format"] = "cisu-xml";
        });
        _store = SqlHubStore.ForSqlite($"Data Source={Path.Combine(_directory.Path, "hub.db")}");
        await _store.MigrateAsync();
        _processor = new MessageProcessor(_store, new IncidentLedger(), RoutingRulesProvider.FromFile(_rules.RulesFile, TestLinks.Catalog), TestLinks.Formats, new FakeTimeProvider(SentAt));
    }

    [TestCleanup]
    public void Stop()
    {
        _rules.Dispose();
        _directory.Dispose();
    }

    [TestMethod]
    [DataRow("examples/EMSI/EMSI-OPG-message.json", CisuEncoding.Json)]
    [DataRow("examples/EMSI/emsi-DC-message.xml", CisuEncoding.Xml)]
    public async Task It_gets_an_RC_EDA_case_that_the_official_schema_and_XSD_accept(string example, CisuEncoding encoding)
    {
        await CaseCreatedBySamu();
        var message = PartnerMessages.Message(example, Corg, "fr.gendarmerie.corg35_0001", SentAt, addressedTo: Samu);

        var result = await _processor.ProcessAsync(CisuCodec.Shared.Encode(message, encoding), encoding == CisuEncoding.Xml ? "cisu-xml" : "cisu-json");

        Assert.AreEqual(ProcessingVerdict.Routed, result.Verdict, result.Detail);
        var delivery = (await ((SqlDeliveryOutbox)_store.Outbox).OfIncidentAsync(CaseId))
            .Single(d => d.Delivery.PartnerId == Samu && d.Delivery.SourceDistributionId == "fr.gendarmerie.corg35_0001").Delivery;
        Assert.AreEqual(MessageFamilies.CaseCreation, delivery.Family);
        Assert.AreEqual("application/xml", delivery.ContentType);
        // Decoding validates the XML against the official XSD and its logical JSON against the official schema.
        var received = CisuCodec.Shared.Decode(delivery.Body).Message;
        Assert.AreEqual(MessageFamilies.CaseCreation, received.Family);
        Assert.AreEqual("C01.00.00", received.Incident!.Qualification!.Nature!.Code);
        Assert.AreEqual(CaseId, received.Incident.Identity.CaseId);
        Assert.AreEqual("FR", received.Incident.Location!.Country);
        Assert.IsTrue(received.Incident.Notes.Any(n => n.Text!.Contains("catégorie TRP/COL", StringComparison.Ordinal)), "the EMSI codes travel in the free text");
        Assert.AreEqual(Corg, received.Distribution!.SenderId, "who spoke");
    }

    /// <summary>An EMSI updates a case: the hub holds it until the case exists (see IncidentLedger).</summary>
    private async Task CaseCreatedBySamu()
    {
        var creation = PartnerMessages.Message(PartnerMessages.FireCase, Samu, "fr.health.samu35_0001", SentAt.AddMinutes(-10));
        creation.Incident!.Identity.CaseId = CaseId;
        var created = await _processor.ProcessAsync(CisuCodec.Shared.Encode(creation, CisuEncoding.Json), "cisu-json");
        Assert.AreEqual(ProcessingVerdict.Routed, created.Verdict, created.Detail);
    }
}
