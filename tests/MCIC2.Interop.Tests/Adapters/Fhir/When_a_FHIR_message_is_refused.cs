using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.Support;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Tests.Adapters.Fhir;

/// <summary>What a health service sends in <c>fhir-r4</c> and the hub cannot take: refused with the Hub Santé code and
/// the FHIR path of the problem — 300 for what is not valid FHIR, 600 for valid FHIR the hub cannot carry.</summary>
[TestClass]
public sealed class When_a_FHIR_message_is_refused
{
    private static readonly byte[] Sent = FhirMessages.Bytes(FhirMessages.FireCaseWithPatient());
    private static readonly R4.Bundle Bundle = FhirMessages.Bundle(Sent);
    private static readonly int PatientEntry = FhirMessages.IndexOf<R4.Patient>(Bundle);

    private static Problem Refusal(byte[] bytes)
    {
        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => FhirFormat.Instance.Decode(bytes));
        return refused.Problems[0];
    }

    private static JsonObject Entry(JsonObject bundle, int index) => bundle["entry"]![index]!["resource"]!.AsObject();

    [TestMethod]
    public void An_element_FHIR_does_not_know_is_invalid_FHIR()
    {
        var problem = Refusal(FhirMessages.WithBundle(Sent, b => Entry(b, PatientEntry)["bloodGroup"] = "O+"));

        Assert.AreEqual(HubErrorCode.InvalidMessage, problem.Code);
        Assert.AreEqual($"Bundle.entry[{PatientEntry}].resource.bloodGroup", problem.Path);
    }

    [TestMethod]
    public void A_missing_required_element_is_invalid_FHIR()
    {
        var observation = FhirMessages.IndexOf<R4.Observation>(Bundle);

        var problem = Refusal(FhirMessages.WithBundle(Sent, b => Entry(b, observation).Remove("status")));

        Assert.AreEqual(HubErrorCode.InvalidMessage, problem.Code);
        Assert.AreEqual($"Bundle.entry[{observation}].resource.status", problem.Path);
    }

    [TestMethod]
    public void A_resource_other_than_a_bundle_is_invalid()
    {
        var problem = Refusal(FhirMessages.WithBundle(Sent, b =>
        {
            b.Clear();
            b["resourceType"] = "Patient";
            b["gender"] = "female";
        }));

        Assert.AreEqual(HubErrorCode.InvalidMessage, problem.Code);
        StringAssert.EndsWith(problem.Path, "customContent.resourceType");
    }

    [TestMethod]
    public void A_bundle_that_is_not_a_message_cannot_be_converted()
    {
        var problem = Refusal(FhirMessages.WithBundle(Sent, b => b["type"] = "collection"));

        Assert.AreEqual(HubErrorCode.MessageConversionError, problem.Code);
        Assert.AreEqual("Bundle.type", problem.Path);
    }

    [TestMethod]
    public void A_partial_birth_date_is_refused_rather_than_guessed()
    {
        var problem = Refusal(FhirMessages.WithBundle(Sent, b => Entry(b, PatientEntry)["birthDate"] = "1993"));

        Assert.AreEqual(HubErrorCode.MessageConversionError, problem.Code);
        Assert.AreEqual($"Bundle.entry[{PatientEntry}].resource.birthDate", problem.Path);
    }

    [TestMethod]
    public void A_reference_to_no_entry_is_refused()
    {
        var care = FhirMessages.IndexOf<R4.Encounter>(Bundle, e => e.Subject is not null);

        var problem = Refusal(FhirMessages.WithBundle(Sent, b => Entry(b, care)["subject"]!["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000000"));

        Assert.AreEqual(HubErrorCode.MessageConversionError, problem.Code);
        Assert.AreEqual($"Bundle.entry[{care}].resource.subject.reference", problem.Path);
    }

    [TestMethod]
    public void An_entry_the_hub_would_not_read_is_refused_not_dropped()
    {
        var problem = Refusal(FhirMessages.WithBundle(Sent, b => b["entry"]!.AsArray().Add(new JsonObject
        {
            ["fullUrl"] = "urn:uuid:00000000-0000-4000-8000-000000000001",
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "AllergyIntolerance",
                ["patient"] = new JsonObject { ["reference"] = Bundle.Entry[PatientEntry].FullUrl },
            },
        })));

        Assert.AreEqual(HubErrorCode.MessageConversionError, problem.Code);
        Assert.AreEqual($"Bundle.entry[{Bundle.Entry.Count}].resource", problem.Path);
        StringAssert.Contains(problem.Message, "AllergyIntolerance");
    }

    [TestMethod]
    public void A_CISU_case_sent_as_FHIR_is_refused_as_another_format()
    {
        var problem = Refusal(PartnerMessages.Bytes(PartnerMessages.FireCase, FhirMessages.Samu, "fr.health.samu35_CISU-1", PartnerMessages.Morning));

        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, problem.Code);
        Assert.AreEqual("$.content[0].jsonContent.embeddedJsonContent.message", problem.Path);
    }

    [TestMethod]
    public void XML_sent_as_FHIR_JSON_is_refused()
    {
        var problem = Refusal(PartnerMessages.Bytes(PartnerMessages.FireCase, FhirMessages.Samu, "fr.health.samu35_CISU-2", PartnerMessages.Morning,
            encoding: MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Xml));

        Assert.AreEqual(HubErrorCode.UnrecognizedMessageFormat, problem.Code);
    }
}
