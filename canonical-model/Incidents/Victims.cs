namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>
/// The victims of the incident: how many and of what kind, as every partner may know it (CISU <c>victims</c>, EMSI
/// <c>CASUALTIES</c>), and the patients the services have identified. What identifies a patient or describes their
/// health is apart, in <see cref="PatientDetails"/>: for health services only.
/// </summary>
public sealed class Victims
{
    /// <summary>CISU count class: <c>0</c>, <c>1</c>, <c>PLUSIEURS</c>, <c>BEAUCOUP</c>, <c>INCONNU</c>, <c>NON DEFINI</c>.</summary>
    public string? Count { get; set; }

    /// <summary>The kind of the main victim, CISU list <c>HubSante.patient</c> (<c>NOURRISSON</c>, <c>ENFANT</c>, <c>ADULTE</c>,
    /// <c>SENIOR</c>, <c>ENCEINTE</c>).</summary>
    public string? MainVictim { get; set; }

    public string? FreeText { get; set; }

    /// <summary>The EMSI casualty reports in the order given (the latest last): counts by triage category.</summary>
    public List<CasualtyReport> Casualties { get; set; } = [];

    public List<Patient> Patients { get; set; } = [];

    /// <summary>Witnesses and persons mis en cause, their identity as confidential as the patients'.</summary>
    public List<InvolvedPerson> Involved { get; set; } = [];
}

/// <summary>An EMSI casualty report (<c>EVENT.CASUALTIES</c>): how many victims in each triage category at a time.</summary>
public sealed class CasualtyReport
{
    /// <summary>EMSI <c>CONTEXT</c>: required by EMSI, free text that partners need not interpret (e.g. <c>REQ_ACTION</c>).</summary>
    public string Context { get; set; } = "";

    public DateTimeOffset? At { get; set; }

    /// <summary>Absolute emergency (EMSI <c>TRIAGERED</c>).</summary>
    public int? Red { get; set; }

    /// <summary>Relative emergency (<c>TRIAGEYELLOW</c>).</summary>
    public int? Yellow { get; set; }

    /// <summary>Involved, not injured or slightly (<c>TRIAGEGREEN</c>).</summary>
    public int? Green { get; set; }

    /// <summary>Dead (<c>TRIAGEBLACK</c>).</summary>
    public int? Black { get; set; }

    public int? Missing { get; set; }

    /// <summary>Victims to decontaminate (<c>DECONT</c>).</summary>
    public int? Decontaminate { get; set; }
}

/// <summary>The triage categories of EMSI, by colour.</summary>
public enum TriageCategory
{
    /// <summary>Absolute emergency.</summary>
    Red,
    /// <summary>Relative emergency.</summary>
    Yellow,
    /// <summary>Involved, not or slightly injured.</summary>
    Green,
    Black,
}

/// <summary>
/// One victim as the services know them. <see cref="Id"/>, <see cref="Kind"/> and <see cref="Triage"/> say nothing of
/// who the person is; everything that does, or that is medical, is in <see cref="Details"/>.
/// </summary>
public sealed class Patient
{
    /// <summary>The shared patient id, made once by the service that first records the patient (RS-EDA <c>patientId</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>Kind of victim, the CISU list of <see cref="Victims.MainVictim"/>.</summary>
    public string? Kind { get; set; }

    public TriageCategory? Triage { get; set; }

    /// <summary>Medical and identifying: null when nothing is known, or for a partner that must not know it.</summary>
    public PatientDetails? Details { get; set; }

    public Provenance? Provenance { get; set; }
}

/// <summary>
/// <b>Medical and identifying data</b> of one patient: who they are and what their condition is. Only health services
/// (SAMU, <c>fr.health.*</c>) may receive it: the CISU families never write it (they go to every partner), the
/// <c>fhir-r4</c> format, which carries it, is refused to any other partner when the rules load.
/// </summary>
public sealed class PatientDetails
{
    public PersonName? Name { get; set; }

    public DateOnly? BirthDate { get; set; }

    public PatientSex? Sex { get; set; }

    /// <summary>The condition as last assessed, in the words of whoever assessed it (e.g. "inconsciente, respire").</summary>
    public string? Condition { get; set; }

    /// <summary>Medical observations in order, each with its time (RS-EDA <c>medicalNote</c>).</summary>
    public List<Note> MedicalNotes { get; set; } = [];
}

/// <summary>Sex as health services record it (CISU list <c>HubSante.sexe</c>: M, F, O, UN).</summary>
public enum PatientSex
{
    Female,
    Male,
    Other,
    Unknown,
}

/// <summary>What a person other than a victim is to the incident (Pégase <c>personne.qualite</c> T and M).</summary>
public enum PersonRole
{
    /// <summary>Témoin.</summary>
    Witness,

    /// <summary>Mis en cause: the person the facts are imputed to.</summary>
    Suspect,

    /// <summary>The source gave a role the hub does not know.</summary>
    Unknown,
}

/// <summary>
/// A person of the incident who is not a victim: a witness or a person mis en cause. Who they are is as
/// confidential as a patient's identity (and a mis en cause is presumed innocent): it is in <see cref="Details"/>,
/// which routing withholds with the patients' details (<c>patientDetails</c>, health services only); the role alone
/// says nothing of who the person is.
/// </summary>
public sealed class InvolvedPerson
{
    public string Id { get; set; } = "";

    public PersonRole Role { get; set; }

    /// <summary>Identifying (name, birth date): null when nothing is known, or for a partner that must not know it.</summary>
    public PatientDetails? Details { get; set; }

    public Provenance? Provenance { get; set; }
}
