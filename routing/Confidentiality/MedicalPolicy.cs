using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Confidentiality;

/// <summary>The medical fields of a case the confidentiality policy decides on, by their name in the rules file.</summary>
public enum MedicalField
{
    /// <summary><c>healthMotive</c>: the health motive (code and label, list <c>HubSante.motif</c>).</summary>
    HealthMotive,
    /// <summary><c>victimNotes</c>: the free text about the victims, which often describes their state.</summary>
    VictimNotes,
    /// <summary><c>patientTriage</c>: each identified patient's triage category (casualty counts by category stay counts).</summary>
    PatientTriage,
    /// <summary><c>patientDetails</c>: who each patient is, their condition and medical notes — health services only.</summary>
    PatientDetails,
}

/// <summary>
/// Which medical fields each kind of partner receives (rules file, <c>medicalConfidentiality</c>): routing withholds
/// the others from the copy it encodes for a recipient, never from the stored incident. Whatever the policy says,
/// <see cref="MedicalField.PatientDetails"/> reaches only a health service (<see cref="Partner.IsHealthService"/>):
/// the rules refuse it for another kind, and a <c>samu</c> outside <c>fr.health.*</c> does not get it either.
/// </summary>
public sealed class MedicalPolicy(IReadOnlyDictionary<PartnerKind, IReadOnlySet<MedicalField>> received)
{
    public static readonly IReadOnlyDictionary<string, MedicalField> FieldNames = new Dictionary<string, MedicalField>
    {
        ["healthMotive"] = MedicalField.HealthMotive,
        ["victimNotes"] = MedicalField.VictimNotes,
        ["patientTriage"] = MedicalField.PatientTriage,
        ["patientDetails"] = MedicalField.PatientDetails,
    };

    /// <summary>
    /// The shipped policy (also when the rules file has no <c>medicalConfidentiality</c>): the SAMU everything; the SDIS
    /// what the 15-18 CISU messages carry (RC-EDA and EMSI mark none of their fields <c>x-health-only</c>: health motive,
    /// victims with their free text, triage); police and gendarmerie the victims' count and kind only.
    /// </summary>
    public static MedicalPolicy Shipped { get; } = new(new Dictionary<PartnerKind, IReadOnlySet<MedicalField>>
    {
        [PartnerKind.Samu] = new HashSet<MedicalField>(Enum.GetValues<MedicalField>()),
        [PartnerKind.Sdis] = new HashSet<MedicalField> { MedicalField.HealthMotive, MedicalField.VictimNotes, MedicalField.PatientTriage },
        [PartnerKind.Cic] = new HashSet<MedicalField>(),
        [PartnerKind.Corg] = new HashSet<MedicalField>(),
    });

    /// <summary>True when <paramref name="partner"/> may receive <paramref name="field"/>; a kind the policy omits receives none.</summary>
    public bool Receives(Partner partner, MedicalField field) =>
        received.TryGetValue(partner.Kind, out var fields) && fields.Contains(field)
        && (field != MedicalField.PatientDetails || partner.IsHealthService);

    /// <summary>The fields <paramref name="kind"/> receives, for the documentation and the tests.</summary>
    public IReadOnlySet<MedicalField> ReceivedBy(PartnerKind kind) => received.TryGetValue(kind, out var fields) ? fields : new HashSet<MedicalField>();
}
