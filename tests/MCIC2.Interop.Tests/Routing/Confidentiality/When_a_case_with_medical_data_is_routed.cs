using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Confidentiality;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Confidentiality;

/// <summary>
/// A SAMU's fire case with a health motive, a description of the victim and an identified patient (name, birth date,
/// condition, medical notes), in a commune of unknown zone so that the CIC and the CORG of 35 are told, with the SDIS
/// and the SAMU 35 (which reads canonical JSON here, the one format besides FHIR that carries patient details). The
/// bytes each recipient gets are inspected; step 3 runs on a real SQLite store, in fake time.
/// </summary>
[TestClass]
public sealed class When_a_case_with_medical_data_is_routed
{
    private const string Sender = "fr.health.samu44";
    private const string Cic = "fr.police.cic35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string DistributionId = "fr.health.samu44_medical-0001";

    private const string PatientName = "Raymonde TESTPATIENTE";
    private const string Condition = "inconsciente, respire faiblement";
    private const string MedicalNote = "antécédent d'infarctus, sous anticoagulant";
    private const string VictimsText = "Jeune femme d'une trentaine d'années";

    private TempDirectory _directory = null!;
    private RulesDirectory _rules = null!;
    private SqlHubStore _store = null!;

    [TestInitialize]
    public async Task Start()
    {
        _directory = new TempDirectory("mcic2-medical-");
        _rules = new RulesDirectory();
        _store = SqlHubStore.ForSqlite($"Data Source={Path.Combine(_directory.Path, "hub.db")}");
        await _store.MigrateAsync();
    }

    [TestCleanup]
    public void Stop()
    {
        _rules.Dispose();
        _directory.Dispose();
    }

    [TestMethod]
    [DataRow("cisu-json", "RC-EDA", "cisu-xml", "EMSI", DisplayName = "CIC RC-EDA JSON, CORG EMSI XML (shipped)")]
    [DataRow("cisu-xml", "RC-EDA", "cisu-json", "EMSI", DisplayName = "CIC RC-EDA XML, CORG EMSI JSON")]
    [DataRow("cisu-json", "EMSI", "cisu-xml", "RC-EDA", DisplayName = "CIC EMSI JSON, CORG RC-EDA XML")]
    public async Task The_CIC_and_the_CORG_get_the_victims_count_and_kind_and_a_marker_never_the_medical_details(
        string cicFormat, string cicFamily, string corgFormat, string corgFamily)
    {
        Speaks(Cic, cicFormat, cicFamily);
        Speaks(Corg, corgFormat, corgFamily);

        var deliveries = await RouteAsync();

        foreach (var (partner, family) in new[] { (Cic, cicFamily), (Corg, corgFamily) })
        {
            var delivery = deliveries[partner];
            Assert.AreEqual(family, delivery.Family, partner);
            var text = Encoding.UTF8.GetString(delivery.Body);
            foreach (var secret in new[] { "M01.01", "Suspicion d’arrêt cardiaque", VictimsText, PatientName, "TESTPATIENTE", "1994-03-12", Condition, MedicalNote })
                Assert.DoesNotContain(secret, text, $"{partner} ({family} {delivery.Format}) received '{secret}'");
            Assert.Contains("secret médical", text, $"{partner} is told that something is withheld");
            var received = CisuCodec.Shared.Decode(delivery.Body).Message.Incident!;
            Assert.IsNull(received.Qualification!.HealthMotive, partner);
            if (family == MessageFamilies.CaseCreation)
            {
                Assert.AreEqual("NON DEFINI", received.Qualification.Victims!.Count, $"{partner} keeps the victims' count");
                Assert.AreEqual("ADULTE", received.Qualification.Victims.MainVictim, $"{partner} keeps the main victim's kind");
                StringAssert.StartsWith(received.Qualification.Victims.FreeText, WithheldMedicalData.MarkerPrefix);
            }
        }
    }

    [TestMethod]
    public async Task The_SDIS_gets_what_the_15_18_CISU_messages_carry_and_the_SAMU_everything()
    {
        Speaks(Samu, "canonical-json", "RC-EDA");

        var deliveries = await RouteAsync();

        var sdis = CisuCodec.Shared.Decode(deliveries[Sdis].Body).Message.Incident!.Qualification!;
        Assert.AreEqual("M01.01", sdis.HealthMotive!.Code, "the SDIS gets the health motive (RC-EDA carries it)");
        StringAssert.StartsWith(sdis.Victims!.FreeText, VictimsText, "and the description of the victims");
        Assert.DoesNotContain(PatientName, Encoding.UTF8.GetString(deliveries[Sdis].Body));

        var samu = CanonicalJson.Read(Encoding.UTF8.GetString(deliveries[Samu].Body)).Incident!.Qualification!;
        Assert.AreEqual("M01.01", samu.HealthMotive!.Code);
        StringAssert.StartsWith(samu.Victims!.FreeText, VictimsText);
        Assert.DoesNotContain(WithheldMedicalData.MarkerPrefix, samu.Victims.FreeText!, "nothing is withheld from the SAMU");
        var patient = samu.Victims.Patients.Single();
        Assert.AreEqual(PatientName, patient.Details!.Name!.Complete);
        Assert.AreEqual(Condition, patient.Details.Condition);
        Assert.AreEqual(MedicalNote, patient.Details.MedicalNotes.Single().Text);
        Assert.AreEqual(TriageCategory.Red, patient.Triage);
    }

    [TestMethod]
    public async Task The_stored_incident_keeps_everything()
    {
        await RouteAsync();

        var stored = await _store.InTransactionAsync(tx => tx.FindIncidentAsync(CaseKey));
        var qualification = stored!.Incident.Qualification!;
        Assert.AreEqual("M01.01", qualification.HealthMotive!.Code);
        Assert.AreEqual(VictimsText + ", inanimée", qualification.Victims!.FreeText);
        Assert.AreEqual(PatientName, qualification.Victims.Patients.Single().Details!.Name!.Complete);
        Assert.AreEqual(MedicalNote, qualification.Victims.Patients.Single().Details!.MedicalNotes.Single().Text);
    }

    [TestMethod]
    public async Task A_site_policy_in_the_rules_decides_what_the_SDIS_gets()
    {
        _rules.EditRules(rules => rules["medicalConfidentiality"] = JsonNode.Parse("""{ "samu": ["healthMotive", "victimNotes", "patientTriage", "patientDetails"], "sdis": ["victimNotes"] }"""));

        var deliveries = await RouteAsync();

        var sdis = CisuCodec.Shared.Decode(deliveries[Sdis].Body).Message.Incident!.Qualification!;
        Assert.IsNull(sdis.HealthMotive, "this site's SDIS does not get the health motive");
        StringAssert.StartsWith(sdis.Victims!.FreeText, VictimsText);
        StringAssert.Contains(sdis.Victims.FreeText, "motif de recours médical");
        Assert.DoesNotContain("description des victimes", sdis.Victims.FreeText, "what it receives is not named withheld");
        Assert.DoesNotContain("M01.01", Encoding.UTF8.GetString(deliveries[Cic].Body), "a kind the policy omits receives none");
    }

    private const string CaseKey = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";

    private void Speaks(string partnerId, string format, string family) => _rules.EditRules(rules =>
    {
        var partner = rules["partners"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == partnerId)!;
        partner["format"] = format;
        partner["families"] = new JsonArray(family, "RC-REF", "RS-ERROR");
    });

    /// <summary>Processes the case (as canonical JSON, which carries the patient) and returns each recipient's delivery.</summary>
    private async Task<Dictionary<string, PendingDelivery>> RouteAsync()
    {
        var processor = new MessageProcessor(_store, new IncidentLedger(), RoutingRulesProvider.FromFile(_rules.RulesFile, TestLinks.Catalog), TestLinks.Formats,
            new FakeTimeProvider(PartnerMessages.Morning));
        var format = TestLinks.Formats.Find("canonical-json")!;
        var result = await processor.ProcessAsync(format.Encode(CaseWithMedicalData(), MessageFamilies.CaseCreation), format.Name);
        Assert.AreEqual(ProcessingVerdict.Routed, result.Verdict, result.Detail);
        var deliveries = (await ((SqlDeliveryOutbox)_store.Outbox).OfIncidentAsync(CaseKey))
            .Where(d => d.Delivery.SourceDistributionId == DistributionId && d.Delivery.PartnerId != Sender)
            .ToDictionary(d => d.Delivery.PartnerId, d => d.Delivery);
        CollectionAssert.IsSubsetOf(new[] { Cic, Corg, Sdis, Samu }, deliveries.Keys.ToArray(), string.Join(", ", deliveries.Keys));
        return deliveries;
    }

    private static CanonicalMessage CaseWithMedicalData()
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Sender, DistributionId, PartnerMessages.Morning);
        var incident = message.Incident!;
        incident.Location!.Commune!.InseeCode = "35001"; // Acigné: no zone in the shipped table, both forces told
        var victims = incident.Qualification!.Victims!;
        victims.FreeText = VictimsText + ", inanimée";
        victims.Patients.Add(new Patient
        {
            Id = "fr.health.samu44.P-0001",
            Kind = "ADULTE",
            Triage = TriageCategory.Red,
            Details = new PatientDetails
            {
                Name = new PersonName { Complete = PatientName, LastName = "TESTPATIENTE", FirstName = "Raymonde" },
                BirthDate = new DateOnly(1994, 3, 12),
                Sex = PatientSex.Female,
                Condition = Condition,
                MedicalNotes = [new Note { CreatedAt = PartnerMessages.Morning, Text = MedicalNote }],
            },
        });
        return message;
    }
}
