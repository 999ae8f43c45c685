using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Tests.Support;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Tests.Adapters.Fhir;

[TestClass]
public sealed class When_victims_are_written_as_FHIR
{
    [ClassInitialize]
    public static void WarmTheValidator(TestContext _) => BaseR4.Warm();

    public static IEnumerable<object[]> Cases() =>
    [
        ["house fire, one patient identified", FhirMessages.FireCaseWithPatient()],
        ["cyclists' collision, EMSI casualty counts", FhirMessages.CyclistsCollision()],
        ["house fire, nobody identified yet", PartnerMessages.Message(PartnerMessages.FireCase, FhirMessages.Samu, "fr.health.samu35_FHIR-3", PartnerMessages.Morning)],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void The_bundle_is_valid_against_base_R4(string @case, CanonicalMessage message)
    {
        var errors = BaseR4.Errors(FhirMessages.Bundle(FhirMessages.Bytes(message)));

        Assert.IsEmpty(errors, $"{@case}:\n{string.Join("\n", errors)}");
    }

    [TestMethod]
    public void The_validator_sees_a_bundle_that_breaks_R4()
    {
        var bundle = FhirMessages.Bundle(FhirMessages.Bytes(FhirMessages.FireCaseWithPatient()));
        bundle.Entry.RemoveAt(0);

        var errors = BaseR4.Errors(bundle);

        Assert.IsTrue(errors.Any(e => e.Contains("bdl-12", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void The_host_reads_it_by_its_content_type()
    {
        Assert.AreSame(FhirFormat.Instance, TestLinks.Formats.ForContentType("application/fhir+json; charset=utf-8"));
        Assert.AreSame(FhirFormat.Instance, TestLinks.Formats.Find("fhir-r4"));
    }

    [TestMethod]
    public void It_travels_in_the_EDXL_DE_envelope_the_CISU_schemas_accept()
    {
        var carried = CisuCodec.Shared.Decode(FhirMessages.Bytes(FhirMessages.FireCaseWithPatient()));

        Assert.AreEqual("customContent", carried.Message.Family);
        Assert.AreEqual("fr.health.samu35_FHIR-1", carried.Message.Distribution!.DistributionId);
        Assert.AreEqual("fr.police.mcic2", carried.Message.Distribution.ExplicitAddress!.Value);
    }

    [TestMethod]
    public void The_message_header_names_the_family_and_points_to_the_incident()
    {
        var bundle = FhirMessages.Bundle(FhirMessages.Bytes(FhirMessages.CyclistsCollision()));
        var header = (R4.MessageHeader)bundle.Entry[0].Resource!;
        var incident = bundle.Entry.Single(e => e.FullUrl == header.Focus.Single().Reference).Resource as R4.Encounter;

        Assert.AreEqual(R4.Bundle.BundleType.Message, bundle.Type);
        Assert.AreEqual("EMSI", ((R4.Coding)header.Event).Code);
        Assert.AreEqual("hubex:fr.health.samu35", header.Source.Endpoint);
        Assert.IsNotNull(incident);
        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", incident.Identifier.Single(i => i.System == "urn:mcic2:cisu:case-id").Value);
    }

    [TestMethod]
    public void The_patient_has_the_identity_the_SAMU_gave()
    {
        var patient = FhirMessages.Single<R4.Patient>(FhirMessages.Bundle(FhirMessages.Bytes(FhirMessages.FireCaseWithPatient())));

        Assert.AreEqual("fr.health.samu35.DRFR15350242370035.patient.1", patient.Identifier.Single().Value);
        Assert.AreEqual("LECCIA", patient.Name.Single().Family);
        CollectionAssert.AreEqual(new[] { "Raymonde" }, patient.Name.Single().Given.ToList());
        Assert.AreEqual("1993-04-12", patient.BirthDate);
        Assert.AreEqual(R4.AdministrativeGender.Female, patient.Gender);
    }

    [TestMethod]
    public void The_patients_care_is_part_of_the_incident_and_their_assessment_of_that_care()
    {
        var bundle = FhirMessages.Bundle(FhirMessages.Bytes(FhirMessages.FireCaseWithPatient()));
        string UrlOf(R4.Resource resource) => bundle.Entry.Single(e => ReferenceEquals(e.Resource, resource)).FullUrl!;
        var patient = FhirMessages.Single<R4.Patient>(bundle);
        var care = bundle.Entry.Select(e => e.Resource).OfType<R4.Encounter>().Single(e => e.Subject is not null);
        var assessment = bundle.Entry.Select(e => e.Resource).OfType<R4.Observation>().Single(o => o.Code.Coding[0].Code == "victim-assessment");
        var incidentUrl = ((R4.MessageHeader)bundle.Entry[0].Resource!).Focus.Single().Reference;

        Assert.AreEqual(UrlOf(patient), care.Subject!.Reference);
        Assert.AreEqual(incidentUrl, care.PartOf!.Reference);
        Assert.AreEqual(UrlOf(care), assessment.Encounter!.Reference);
        Assert.AreEqual("red", ((R4.CodeableConcept)assessment.Component.Single(c => c.Code!.Coding[0].Code == "triage").Value!).Coding[0].Code);
        Assert.AreEqual("inconsciente, respire", ((R4.FhirString)assessment.Component.Single(c => c.Code!.Coding[0].Code == "condition").Value!).Value);
        Assert.AreEqual("Glasgow 8, pas de brûlure visible", assessment.Note.Single().Text);
        Assert.AreEqual("2026-11-28T09:12:00+01:00", assessment.Note.Single().Time);
    }

    [TestMethod]
    public void Each_casualty_report_is_an_observation_of_its_counts()
    {
        var casualties = FhirMessages.Bundle(FhirMessages.Bytes(FhirMessages.CyclistsCollision())).Entry
            .Select(e => e.Resource).OfType<R4.Observation>().Single(o => o.Code.Coding[0].Code == "casualties");

        Assert.AreEqual("2024-01-09T16:01:00+01:00", ((R4.FhirDateTime)casualties.Effective!).Value);
        Assert.AreEqual("REQ_ACTION", casualties.Note.Single().Text);
        var counts = casualties.Component.ToDictionary(c => c.Code!.Coding[0].Code!, c => ((R4.Integer)c.Value!).Value);
        Assert.AreEqual(1, counts["yellow"]);
        Assert.AreEqual(1, counts["green"]);
        Assert.AreEqual(0, counts["red"]);
        Assert.HasCount(6, counts);
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void The_victims_place_and_ids_come_back_from_FHIR(string @case, CanonicalMessage message)
    {
        var read = FhirFormat.Instance.Decode(FhirMessages.Bytes(message));

        Assert.AreEqual(message.Family, read.Family, @case);
        Assert.AreEqual(message.Incident!.Identity.CaseId, read.Incident!.Identity.CaseId, @case);
        Assert.AreEqual(message.Incident.Identity.SenderCaseId, read.Incident.Identity.SenderCaseId, @case);
        Assert.AreEqual(message.Incident.CreatedAt, read.Incident.CreatedAt, @case);
        Assert.AreEqual(message.Incident.Location!.Point!.Latitude, read.Incident.Location!.Point!.Latitude, @case);
        Assert.AreEqual(message.Incident.Location.Commune?.Name, read.Incident.Location.Commune?.Name, @case);
        Assert.AreEqual(Json(message.Incident.Qualification!.Victims!), Json(read.Incident.Qualification!.Victims!), @case);
    }

    [TestMethod]
    public void Acknowledgements_and_error_reports_stay_CISU()
    {
        var reference = CisuCodec.Shared.Decode(PartnerMessages.Bytes("examples/RC-REF/RC-REF.json", "fr.police.mcic2", "fr.police.mcic2_ACK-1", PartnerMessages.Morning, "Ack")).Message;

        var written = FhirFormat.Instance.Encode(reference, MessageFamilies.Reference);

        CollectionAssert.AreEqual(CisuFormat.Json.Encode(reference, MessageFamilies.Reference), written);
        Assert.AreEqual(reference.Acknowledgement!.AcknowledgedDistributionId, FhirFormat.Instance.Decode(written).Acknowledgement!.AcknowledgedDistributionId);
    }

    [TestMethod]
    public void A_family_without_a_case_is_not_written()
    {
        var positions = CisuCodec.Shared.Decode(PartnerMessages.Bytes("examples/GEO-POS/CU2_Geolocation_01.json", "fr.fire.sdis35", "fr.fire.sdis35_GEO-1", PartnerMessages.Morning)).Message;

        var refused = Assert.ThrowsExactly<MCIC2.Interop.CanonicalModel.Errors.MessageRejectedException>(() => FhirFormat.Instance.Encode(positions, MessageFamilies.GeoPositions));

        Assert.AreEqual(MCIC2.Interop.CanonicalModel.Errors.HubErrorCode.SchemaNotFound, refused.Code);
        Assert.AreEqual("family", refused.Problems[0].Path);
    }

    /// <summary>The victims as canonical JSON, without provenance (reading stamps the message's own).</summary>
    private static string Json(Victims victims)
    {
        var copy = CanonicalJson.Read(CanonicalJson.Write(new CanonicalMessage { Incident = new Incident { Qualification = new Qualification { Victims = victims } } }))
            .Incident!.Qualification!.Victims!;
        foreach (var patient in copy.Patients)
        {
            patient.Provenance = null;
            foreach (var note in patient.Details?.MedicalNotes ?? []) note.Provenance = null;
        }
        return CanonicalJson.Write(new CanonicalMessage { Incident = new Incident { Qualification = new Qualification { Victims = copy } } });
    }
}
