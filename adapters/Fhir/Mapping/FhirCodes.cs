namespace MCIC2.Interop.Adapters.Fhir.Mapping;

/// <summary>
/// The code systems and identifier systems of a victims bundle. Base R4 has no code for a CISU count class, an EMSI
/// triage colour or a CISU id, and the French profiles (FR Core) that would name some are not available here: these
/// are the hub's own URNs, listed in docs/fhir.md.
/// </summary>
internal static class FhirCodes
{
    /// <summary><c>MessageHeader.eventCoding</c>: the family of the case the victims belong to (RC-EDA, EMSI, RC-RI).</summary>
    public const string MessageFamily = "urn:mcic2:fhir:message-family";

    /// <summary>Observation and component codes: <see cref="VictimsObservation"/>, <see cref="CasualtiesObservation"/>,
    /// <see cref="AssessmentObservation"/> and their parts.</summary>
    public const string Observation = "urn:mcic2:fhir:observation";

    public const string VictimsObservation = "victims";
    public const string CasualtiesObservation = "casualties";
    public const string AssessmentObservation = "victim-assessment";
    public const string MainVictim = "main-victim";
    public const string VictimKind = "victim-kind";
    public const string Triage = "triage";
    public const string Condition = "condition";

    /// <summary>CISU list <c>HubSante.nbVictimes</c> (0, 1, PLUSIEURS, BEAUCOUP, INCONNU, NON DEFINI).</summary>
    public const string VictimCount = "urn:mcic2:cisu:victim-count";

    /// <summary>CISU list <c>HubSante.patient</c> (NOURRISSON, ENFANT, ADULTE, SENIOR, ENCEINTE).</summary>
    public const string VictimKindCodes = "urn:mcic2:cisu:victim-kind";

    /// <summary>EMSI triage colours: red, yellow, green, black.</summary>
    public const string TriageCodes = "urn:mcic2:emsi:triage";

    public const string DistributionId = "urn:mcic2:edxl:distribution-id";
    public const string CaseId = "urn:mcic2:cisu:case-id";
    public const string SenderCaseId = "urn:mcic2:cisu:sender-case-id";
    public const string EmsiEventId = "urn:mcic2:emsi:event-id";
    public const string LocationId = "urn:mcic2:cisu:location-id";
    public const string PatientId = "urn:mcic2:cisu:patient-id";

    /// <summary>HL7 v3 ActCode, whose <c>EMER</c> is the class of every encounter of the bundle.</summary>
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string Emergency = "EMER";
}
