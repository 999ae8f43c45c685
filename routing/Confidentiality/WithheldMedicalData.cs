using System.Text.Json;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Confidentiality;

/// <summary>
/// The incident of a message as one recipient may receive it (<see cref="MedicalPolicy"/>): a copy without the medical
/// fields it may not have, and a <see cref="Marker"/> in the victims' free text naming what was withheld, so its operator
/// knows something is and why. The case's qualification and every alert's are treated alike. Free-text notes of the
/// calls and of the case are operational and pass as they are: the hub cannot read medicine in free text, so senders
/// put what is medical in the medical fields. The CISU families have no place for a marker elsewhere: a health motive is a code of a
/// fixed pattern; the free text is written as RC-EDA <c>victims.freetext</c>, as a line of EMSI <c>EVENT.FREETEXT</c>,
/// as canonical <c>qualification.victims.freeText</c>. The message itself (and the stored incident) is never changed.
/// </summary>
public static class WithheldMedicalData
{
    public const string MarkerPrefix = "[secret médical : non transmis à ce partenaire :";

    /// <summary>The marker for these withheld fields, in French like the rest of what partners' operators read.</summary>
    public static string Marker(IEnumerable<MedicalField> withheld) =>
        $"{MarkerPrefix} {string.Join(", ", withheld.Select(Label))}]";

    /// <summary><paramref name="incident"/> as <paramref name="recipient"/> may receive it: the same instance when nothing is withheld, else a copy.</summary>
    public static Incident? For(Incident? incident, Partner recipient, MedicalPolicy policy)
    {
        if (incident is null || !Qualifications(incident).SelectMany(Present).Any(f => !policy.Receives(recipient, f))) return incident;
        incident = Copy(incident);
        foreach (var q in Qualifications(incident))
        {
            var withheld = Present(q).Where(f => !policy.Receives(recipient, f)).Distinct().ToList();
            if (withheld.Count > 0) Withhold(q, withheld);
        }
        return incident;
    }

    /// <summary>The case's qualification and each alert's (RC-EDA <c>initialAlert.qualification</c> has its own health motive).</summary>
    private static IEnumerable<Qualification> Qualifications(Incident incident) =>
        new[] { incident.Qualification }.Concat(incident.Alerts.Select(a => a.Qualification)).OfType<Qualification>();

    /// <summary>The medical fields this qualification carries: only those can be withheld (and named by the marker).</summary>
    private static IEnumerable<MedicalField> Present(Qualification q)
    {
        if (q.HealthMotive is not null) yield return MedicalField.HealthMotive;
        if (!string.IsNullOrEmpty(q.Victims?.FreeText)) yield return MedicalField.VictimNotes;
        if (q.Victims?.Patients.Any(p => p.Triage is not null) == true) yield return MedicalField.PatientTriage;
        if (q.Victims?.Patients.Any(p => p.Details is not null) == true || q.Victims?.Involved.Any(p => p.Details is not null) == true)
            yield return MedicalField.PatientDetails;
    }

    private static void Withhold(Qualification q, List<MedicalField> withheld)
    {
        var victims = q.Victims ??= new Victims();
        foreach (var field in withheld)
        {
            switch (field)
            {
                case MedicalField.HealthMotive: q.HealthMotive = null; break;
                case MedicalField.VictimNotes: victims.FreeText = null; break;
                case MedicalField.PatientTriage: victims.Patients.ForEach(p => p.Triage = null); break;
                case MedicalField.PatientDetails:
                    victims.Patients.ForEach(p => p.Details = null);
                    victims.Involved.ForEach(p => p.Details = null); // witnesses' and mis en cause's identities alike
                    break;
            }
        }
        victims.FreeText = string.Join(" ", new[] { victims.FreeText, Marker(withheld) }.OfType<string>());
    }

    private static string Label(MedicalField field) => field switch
    {
        MedicalField.HealthMotive => "motif de recours médical",
        MedicalField.VictimNotes => "description des victimes",
        MedicalField.PatientTriage => "catégorie de tri des patients",
        _ => "identité et état des patients",
    };

    /// <summary>A deep copy through the canonical JSON, which carries every field of the model.</summary>
    private static Incident Copy(Incident incident) =>
        JsonSerializer.Deserialize<Incident>(JsonSerializer.SerializeToUtf8Bytes(incident, CanonicalJson.Options), CanonicalJson.Options)!;
}
