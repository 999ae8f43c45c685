using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

/// <summary>
/// An EMSI from NexSIS or a CORG for a partner that speaks RC-EDA only: through the hub's codec, as the CLI
/// (<c>mcic2 convert FILE --family rc-eda</c>) and the router translate it.
/// </summary>
[TestClass]
public sealed class When_an_EMSI_case_is_translated_to_RC_EDA
{
    public static IEnumerable<object[]> Examples => Corpus.Files("examples/EMSI", ".json", ".xml");

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void Every_EMSI_example_becomes_an_RC_EDA_the_official_JSON_schema_and_XSD_accept(string example)
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes(example)).Message;

        var json = Corpus.Json(CisuCodec.Shared.Encode(message, CisuEncoding.Json, MessageFamilies.CaseCreation));
        var xml = CisuCodec.Shared.Encode(message, CisuEncoding.Xml, MessageFamilies.CaseCreation);

        CollectionAssert.AreEqual(Array.Empty<Problem>(), JsonSchemaValidator.Shared.ValidatePayload(json, "RC-EDA.schema.json").ToArray());
        CollectionAssert.AreEqual(Array.Empty<Problem>(), XsdValidator.Shared.ValidatePayload(XDocument.Parse(Encoding.UTF8.GetString(xml)), "RC-EDA.xsd").ToArray());
        Assert.AreEqual(MessageFamilies.CaseCreation, CisuCodec.Shared.Decode(xml).Message.Family, "it reads back as an RC-EDA case");
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void Every_EMSI_example_becomes_an_RC_EDA_xmllint_accepts_against_the_official_XSD(string example)
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes(example)).Message;
        var xml = CisuCodec.Shared.Encode(message, CisuEncoding.Xml, MessageFamilies.CaseCreation);
        using var directory = new TempDirectory("mcic2-xmllint-");
        var xsd = Path.Combine(directory.Path, "RC-EDA.xsd");
        using (var schema = typeof(CisuCodec).Assembly.GetManifestResourceStream("xsd/RC-EDA.xsd")!)
        using (var file = File.Create(xsd)) schema.CopyTo(file);

        var (exitCode, output) = Xmllint.Validate(xsd, xml);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "validates");
    }

    [TestMethod]
    public void The_nature_comes_from_the_event_type_and_its_EMSI_codes_stay_in_the_free_text()
    {
        var createCase = Translated(EmsiExamples.Payload(EmsiExamples.OperationGlobale));

        Assert.AreEqual("C01.00.00", Text(createCase["qualification"]!["whatsHappen"]!["code"]));
        Assert.AreEqual("Accident de la circulation", Text(createCase["qualification"]!["whatsHappen"]!["label"]));
        Assert.Contains("Type d'événement EMSI : catégorie TRP/COL, acteur PPL, type de lieu OTH, environnement DIS/TRSPRT", FreeText(createCase));
    }

    [TestMethod]
    public void An_event_type_no_row_covers_becomes_the_nature_autre_with_its_EMSI_codes_in_the_free_text()
    {
        var emsi = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        emsi["EVENT"]!["ETYPE"]!["CATEGORY"] = new JsonArray("PSW/WNG");
        emsi["EVENT"]!["ETYPE"]!["ACTOR"] = new JsonArray("PPL/GRP");

        var createCase = Translated(emsi);

        Assert.AreEqual(EmsiNature.Default, Text(createCase["qualification"]!["whatsHappen"]!["code"]));
        Assert.AreEqual("Autre nature de fait", Text(createCase["qualification"]!["whatsHappen"]!["label"]));
        Assert.Contains("Type d'événement EMSI : catégorie PSW/WNG, acteur PPL/GRP, type de lieu OTH, environnement DIS/TRSPRT", FreeText(createCase));
    }

    [TestMethod]
    public void The_fields_RC_EDA_requires_come_from_what_the_EMSI_carries()
    {
        var createCase = Translated(EmsiExamples.Payload(EmsiExamples.OperationGlobale));
        var location = createCase["location"]!;

        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", Text(createCase["caseId"]), "EVENT.MAIN_EVENT_ID");
        Assert.AreEqual("DRFR15690240430050", Text(createCase["senderCaseId"]), "EVENT.ID");
        Assert.AreEqual("2024-01-09T16:01:00+01:00", Text(createCase["creation"]), "EVENT.DECL_DATIME");
        Assert.AreEqual("111fb03a-6fd9-41e0-8e81-990c45188887", Text(location["locID"]), "POSITION.LOC_ID");
        Assert.AreEqual("FR", Text(location["country"]), "the origin fr.health.samu690");
        Assert.AreEqual("2024-01-09T16:10:00+01:00", Text(location["geometry"]!["datetime"]), "EGEO.DATIME");
        Assert.AreEqual("INCONNUE", Text(location["geometry"]!["point"]!["coord"]!["precision"]), "EMSI gives no precision");
        Assert.AreEqual("8 Quai des Célestins, Lyon", Text(location["detailedAddress"]!["complete"]));
    }

    [TestMethod]
    public void Without_main_event_place_id_nor_times_the_case_id_place_id_and_times_are_derived()
    {
        var emsi = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        var evt = emsi["EVENT"]!.AsObject();
        evt.Remove("MAIN_EVENT_ID");
        evt.Remove("DECL_DATIME");
        evt["EGEO"]![0]!.AsObject().Remove("DATIME");
        evt["EGEO"]![0]!["POSITION"]!.AsObject().Remove("LOC_ID");

        var createCase = Translated(emsi);

        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", Text(createCase["caseId"]), "{origin}.{event id}, as RC-EDA prescribes");
        Assert.AreEqual("DRFR15690240430050.lieu", Text(createCase["location"]!["locID"]));
        Assert.AreEqual("2024-01-09T16:00:00+01:00", Text(createCase["creation"]), "CONTEXT.CREATION");
        Assert.AreEqual("2024-01-09T16:00:00+01:00", Text(createCase["location"]!["geometry"]!["datetime"]));
    }

    [TestMethod]
    [DataRow("be.fire.sis-liege", "BE")]
    [DataRow("fr.gendarmerie.corg35", "FR")]
    [DataRow("xx.unknown.partner", "FR")]
    public void The_country_is_the_origin_s_else_France(string origin, string country)
    {
        var emsi = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        emsi["CONTEXT"]!["ORIGIN"]!["ORG_ID"] = origin;

        Assert.AreEqual(country, Text(Translated(emsi)["location"]!["country"]));
    }

    [TestMethod]
    public void An_EMSI_without_a_place_still_gets_the_location_RC_EDA_requires()
    {
        var emsi = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        emsi["EVENT"]!.AsObject().Remove("EGEO");
        emsi["CONTEXT"]!.AsObject().Remove("ORIGIN");

        var location = Translated(emsi)["location"]!.AsObject();

        Assert.AreEqual("DRFR15690240430050.lieu", Text(location["locID"]));
        Assert.AreEqual("FR", Text(location["country"]), "no origin: the hub's partners are French");
    }

    [TestMethod]
    public void What_RC_EDA_cannot_carry_of_an_operation_is_in_the_free_text()
    {
        var freeText = string.Join("\n", FreeText(Translated(EmsiExamples.Payload(EmsiExamples.OperationGlobale))));

        StringAssert.Contains(freeText, "Gène de plus en plus importante à la circulation, risque accident");
        StringAssert.Contains(freeText, "Événement EMSI : source COMFOR, échelle 2, certitude 95 %, survenu le 2024-01-09T16:00:00+01:00");
        StringAssert.Contains(freeText, "statut IPR, évolution STABLE, cause ACC");
        StringAssert.Contains(freeText, "Évacuation EMSI : déplacés 0, évacués 0");
        StringAssert.Contains(freeText, "Lieu de l'événement (EMSI) : type GEN/ROUTE, météo WIN");
        StringAssert.Contains(freeText, "Message EMSI d350c9d2-9d76-4568-b0b7-a747ffadc949 du 2024-01-09T16:00:00+01:00 : type UPDATE, mode ACTUAL, niveau OPR");
        StringAssert.Contains(freeText, "Origine EMSI : SAMU 69, organisation fr.health.samu690, utilisateur samu690");
        StringAssert.Contains(freeText, "Mission EMSI ABC1YU3457 : #OPERATION_GLOBALE#, type SAV/ASC, statut IPR, organisation fr.fire.cgo690");
        StringAssert.Contains(freeText, "Mission EMSI ABC1YU3458 : #MISSION#");
        StringAssert.Contains(freeText, "moyens 77_22245#VSAV2, mission principale ABC1YU3457");
        StringAssert.Contains(freeText, "Moyen engagé 77_22245#VSAV2 - VSAV 2 caserne SDIS69 : organisation fr.fire.cgo690, mission ABC1YU3458");
        StringAssert.Contains(freeText, "classe MAT/VEH, capacités AER15M, quantité 1 LSV, état IN_USE/MOBILE, nationalité FR, IMMATRICULATION#AJ-76-MZ");
    }

    [TestMethod]
    public void A_request_for_assistance_reads_as_one_in_the_free_text()
    {
        var freeText = FreeText(Translated(EmsiExamples.Payload(EmsiExamples.DemandeConcours)));

        var request = freeText.Single(line => line.StartsWith("Demande de concours ABC1YU3454 : ", StringComparison.Ordinal));
        StringAssert.Contains(request, "motif CARENCE, concours demandé Z.01.00.00, type FSTT/TA, statut IPR, organisation fr.health.samu690");
        StringAssert.Contains(request, "priorité 3, lieu (identifiant 111fb03a-6fd9-41e0-8e81-990c45188887, Quai des Célestins");
        StringAssert.Contains(request, "Besoin d'assisance terrain pour gérer perturbations et sécuriser le site d'intervention.");
    }

    [TestMethod]
    public void An_EMSI_field_no_line_describes_is_still_written_with_its_path()
    {
        var emsi = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        emsi["EVENT"]!["REFERENCE"] = new JsonArray(new JsonObject { ["ORG_ID"] = "fr.fire.cgo690", ["OTHER_EVENT_ID"] = new JsonArray("SDIS69-2024-0042") });
        emsi["CONTEXT"]!["URGENCY"] = "URGENT";

        var freeText = FreeText(Translated(emsi));

        Assert.Contains("Donnée EMSI EVENT.REFERENCE[0].ORG_ID : fr.fire.cgo690", freeText);
        Assert.Contains("Donnée EMSI EVENT.REFERENCE[0].OTHER_EVENT_ID[0] : SDIS69-2024-0042", freeText);
        Assert.IsTrue(freeText.Any(line => line.StartsWith("Message EMSI", StringComparison.Ordinal) && line.EndsWith("urgence URGENT", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void The_same_EMSI_always_gives_the_same_RC_EDA()
    {
        var bytes = Corpus.Bytes("examples/EMSI/EMSI-OPG-message.xml");

        CollectionAssert.AreEqual(
            CisuCodec.Shared.Encode(CisuCodec.Shared.Decode(bytes).Message, CisuEncoding.Xml, MessageFamilies.CaseCreation),
            CisuCodec.Shared.Encode(CisuCodec.Shared.Decode(bytes).Message, CisuEncoding.Xml, MessageFamilies.CaseCreation));
    }

    /// <summary>The EMSI payload through the codec, written as RC-EDA JSON (which the codec validates as it writes).</summary>
    private static JsonObject Translated(JsonObject emsi)
    {
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["emsi"] = emsi }.ToJsonString());
        var message = CisuCodec.Shared.Decode(bytes).Message;
        return Corpus.Json(CisuCodec.Shared.Encode(message, CisuEncoding.Json, MessageFamilies.CaseCreation))["createCase"]!.AsObject();
    }

    private static List<string> FreeText(JsonObject createCase) => createCase["freetext"]!.AsArray().Select(Text).ToList();

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}
