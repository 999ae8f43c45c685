using System.Text;
using System.Text.Json.Nodes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Tests.Support;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Tests.Adapters.Fhir;

/// <summary>Corpus cases with victims, as a health service exchanges them in <c>fhir-r4</c>, and ways to look inside.</summary>
internal static class FhirMessages
{
    public const string Samu = "fr.health.samu35";

    /// <summary>The house fire of the corpus (RC-EDA), with the victim the SAMU has identified.</summary>
    public static CanonicalMessage FireCaseWithPatient(string distributionId = "fr.health.samu35_FHIR-1")
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Samu, distributionId, PartnerMessages.Morning);
        message.Incident!.Qualification!.Victims!.Patients.Add(RaymondeLeccia());
        return message;
    }

    /// <summary>The cyclists' collision of the corpus (EMSI): casualty counts, no patient.</summary>
    public static CanonicalMessage CyclistsCollision() =>
        PartnerMessages.Message("examples/EMSI/EMSI-OPG-message.json", Samu, "fr.health.samu35_FHIR-2", PartnerMessages.Morning);

    public static Patient RaymondeLeccia() => new()
    {
        Id = "fr.health.samu35.DRFR15350242370035.patient.1",
        Kind = "ADULTE",
        Triage = TriageCategory.Red,
        Details = new PatientDetails
        {
            Name = new PersonName { Complete = "Raymonde LECCIA", LastName = "LECCIA", FirstName = "Raymonde" },
            BirthDate = new DateOnly(1993, 4, 12),
            Sex = PatientSex.Female,
            Condition = "inconsciente, respire",
            MedicalNotes = [new Note { CreatedAt = PartnerMessages.Morning.AddMinutes(12), Text = "Glasgow 8, pas de brûlure visible" }],
        },
    };

    public static byte[] Bytes(CanonicalMessage message) => FhirFormat.Instance.Encode(message, message.Family);

    /// <summary>The bundle a <c>fhir-r4</c> message carries in its envelope.</summary>
    public static R4.Bundle Bundle(byte[] bytes) =>
        new FhirJsonDeserializer().Deserialize<R4.Bundle>(BundleNode(JsonNode.Parse(bytes)!).ToJsonString());

    public static T Single<T>(R4.Bundle bundle) where T : R4.Resource => bundle.Entry.Select(e => e.Resource).OfType<T>().Single();

    public static int IndexOf<T>(R4.Bundle bundle, Func<T, bool>? which = null) where T : R4.Resource =>
        bundle.Entry.FindIndex(e => e.Resource is T resource && (which?.Invoke(resource) ?? true));

    /// <summary>The message with its bundle edited, as a partner might send it.</summary>
    public static byte[] WithBundle(byte[] bytes, Action<JsonObject> edit)
    {
        var envelope = JsonNode.Parse(bytes)!;
        edit(BundleNode(envelope));
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    private static JsonObject BundleNode(JsonNode envelope) =>
        envelope["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["customContent"]!.AsObject();
}

/// <summary>
/// Firely's validator against base R4, offline (the specification.zip of Hl7.Fhir.Specification.Data.R4). Built once
/// for the run: the first validation loads the specification (~7 s on a quiet machine, over a minute on a loaded one),
/// the next take milliseconds; each test class that validates warms it in its class initialisation.
/// </summary>
internal static class BaseR4
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(specification, new LocalTerminologyService(specification));
    });

    /// <summary>Loads the specification and compiles the schemas of every resource a victims bundle holds.</summary>
    public static void Warm() => Errors(new R4.Bundle
    {
        Entry = [.. new R4.Resource[] { new R4.MessageHeader(), new R4.Encounter(), new R4.Location(), new R4.Observation(), new R4.Patient() }
            .Select(resource => new R4.Bundle.EntryComponent { Resource = resource })],
    });

    /// <summary>The errors (not the warnings) the validator finds, each with its FHIR path.</summary>
    public static List<string> Errors(R4.Resource resource) =>
        Validator.Value.Validate(resource).Issue
            .Where(i => i.Severity is R4.OperationOutcome.IssueSeverity.Error or R4.OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(", ", i.Expression)}: {i.Details?.Text}")
            .ToList();
}
