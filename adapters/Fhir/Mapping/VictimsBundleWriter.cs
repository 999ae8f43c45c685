using System.Globalization;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Adapters.Fhir.Mapping;

/// <summary>
/// Writes an incident's victims as a FHIR R4 message bundle: the MessageHeader, the incident as an Encounter at its
/// Location, the victims (count class, main victim) and each EMSI casualty report as Observations, and per patient a
/// Patient, the Encounter of their care within the incident and an Observation of their assessment (docs/fhir.md).
/// </summary>
internal static class VictimsBundleWriter
{
    public static R4.Bundle Write(CanonicalMessage message, string family)
    {
        var distribution = message.Distribution!;
        var incident = message.Incident!;
        var urls = new EntryUrls(distribution.DistributionId);
        var bundle = new R4.Bundle
        {
            Type = R4.Bundle.BundleType.Message,
            Identifier = new R4.Identifier(FhirCodes.DistributionId, distribution.DistributionId),
            Timestamp = distribution.SentAt,
        };
        var incidentUrl = urls.For("incident");
        var locationUrl = incident.Location is null ? null : urls.For("location");
        Add(bundle, urls.For("header"), Header(distribution, family, incidentUrl));
        Add(bundle, incidentUrl, IncidentEncounter(incident, locationUrl));
        if (incident.Location is { } location) Add(bundle, locationUrl!, Location(location));
        if (incident.Qualification?.Victims is not { } victims) return bundle;

        if (victims.Count is not null || victims.MainVictim is not null || Text(victims.FreeText) is not null)
        {
            Add(bundle, urls.For("victims"), VictimsObservation(victims, incidentUrl, locationUrl));
        }
        for (var i = 0; i < victims.Casualties.Count; i++)
        {
            Add(bundle, urls.For($"casualties/{i}"), CasualtiesObservation(victims.Casualties[i], incidentUrl, locationUrl));
        }
        for (var i = 0; i < victims.Patients.Count; i++)
        {
            var patient = victims.Patients[i];
            if (patient.Id.Length == 0)
                throw new MessageRejectedException(HubErrorCode.MessageConversionError, $"incident.qualification.victims.patients[{i}].id", "a patient needs its shared id");
            var patientUrl = urls.For($"patients/{i}");
            var careUrl = urls.For($"patients/{i}/encounter");
            Add(bundle, patientUrl, Patient(patient));
            Add(bundle, careUrl, Care(patientUrl, incidentUrl, locationUrl));
            if (Assessment(patient, patientUrl, careUrl) is { } assessment) Add(bundle, urls.For($"patients/{i}/assessment"), assessment);
        }
        return bundle;
    }

    /// <summary>Source and destination repeat the envelope's, which stays the authority (it is what the hub reads).</summary>
    private static R4.MessageHeader Header(Distribution distribution, string family, string incidentUrl)
    {
        var header = new R4.MessageHeader
        {
            Event = new R4.Coding(FhirCodes.MessageFamily, family),
            Source = new R4.MessageHeader.MessageSourceComponent { Name = distribution.SenderId, Endpoint = $"hubex:{distribution.SenderId}" },
        };
        if (distribution.ExplicitAddress is { } to)
        {
            header.Destination.Add(new R4.MessageHeader.MessageDestinationComponent { Name = to.Value, Endpoint = $"{to.Scheme}:{to.Value}" });
        }
        header.Focus.Add(new R4.ResourceReference(incidentUrl));
        return header;
    }

    /// <summary>The emergency response to the incident, known by the CISU and EMSI ids of the case; no subject of its own.</summary>
    private static R4.Encounter IncidentEncounter(Incident incident, string? locationUrl)
    {
        var encounter = Encounter(locationUrl);
        AddIdentifier(encounter.Identifier, FhirCodes.CaseId, incident.Identity.CaseId);
        AddIdentifier(encounter.Identifier, FhirCodes.SenderCaseId, incident.Identity.SenderCaseId);
        AddIdentifier(encounter.Identifier, FhirCodes.EmsiEventId, incident.Identity.EmsiEventId);
        if (incident.CreatedAt is { } created) encounter.Period = new R4.Period { StartElement = new R4.FhirDateTime(created) };
        return encounter;
    }

    private static R4.Encounter Encounter(string? locationUrl)
    {
        var encounter = new R4.Encounter
        {
            Status = R4.Encounter.EncounterStatus.InProgress,
            Class = new R4.Coding(FhirCodes.ActCode, FhirCodes.Emergency, "emergency"),
        };
        if (locationUrl is not null) encounter.Location.Add(new R4.Encounter.LocationComponent { Location = new R4.ResourceReference(locationUrl) });
        return encounter;
    }

    private static R4.Location Location(IncidentLocation place)
    {
        var location = new R4.Location { Name = Text(place.Name), Description = Text(place.FreeText) };
        AddIdentifier(location.Identifier, FhirCodes.LocationId, place.LocationId);
        if (Text(place.Label) is { } label) location.Alias = [label];
        var address = new R4.Address { Text = AddressText(place), City = Text(place.Commune?.Name), Country = Text(place.Country) };
        if (address.Text is not null || address.City is not null || address.Country is not null) location.Address = address;
        if (place.Point is { } point)
        {
            location.Position = new R4.Location.PositionComponent { Latitude = point.Latitude, Longitude = point.Longitude, Altitude = point.Height };
        }
        return location;
    }

    /// <summary>The address as one text: FHIR's structured lines would not give the RC-EDA number and way back apart.</summary>
    private static string? AddressText(IncidentLocation place) =>
        Text(place.Address?.Complete) ?? Text($"{place.Address?.Number} {place.Address?.Way?.Complete}".Trim());

    private static R4.Observation VictimsObservation(Victims victims, string incidentUrl, string? locationUrl)
    {
        var observation = Observation(FhirCodes.VictimsObservation, incidentUrl, locationUrl);
        if (victims.Count is { } count) observation.Value = new R4.CodeableConcept(FhirCodes.VictimCount, count);
        if (victims.MainVictim is { } main) observation.Component.Add(Component(FhirCodes.MainVictim, new R4.CodeableConcept(FhirCodes.VictimKindCodes, main)));
        AddNote(observation, Text(victims.FreeText), null);
        return observation;
    }

    private static R4.Observation CasualtiesObservation(CasualtyReport report, string incidentUrl, string? locationUrl)
    {
        var observation = Observation(FhirCodes.CasualtiesObservation, incidentUrl, locationUrl);
        if (report.At is { } at) observation.Effective = new R4.FhirDateTime(at);
        foreach (var (code, count, _) in CasualtyCounts.All)
        {
            if (count(report) is { } value) observation.Component.Add(Component(code, new R4.Integer(value)));
        }
        AddNote(observation, Text(report.Context), null);
        return observation;
    }

    private static R4.Patient Patient(Patient patient)
    {
        var resource = new R4.Patient();
        AddIdentifier(resource.Identifier, FhirCodes.PatientId, patient.Id);
        if (patient.Details is not { } details) return resource;
        if (details.Name is { } name && (Text(name.Complete) ?? Text(name.LastName) ?? Text(name.FirstName)) is not null)
        {
            resource.Name.Add(new R4.HumanName
            {
                Text = Text(name.Complete),
                Family = Text(name.LastName),
                Given = Text(name.FirstName) is { } first ? [first] : [],
            });
        }
        resource.BirthDate = details.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        resource.Gender = details.Sex switch
        {
            PatientSex.Female => R4.AdministrativeGender.Female,
            PatientSex.Male => R4.AdministrativeGender.Male,
            PatientSex.Other => R4.AdministrativeGender.Other,
            PatientSex.Unknown => R4.AdministrativeGender.Unknown,
            null => null,
            _ => throw new ArgumentOutOfRangeException(nameof(patient), details.Sex, "not a sex the model knows"),
        };
        return resource;
    }

    /// <summary>The patient's care within the incident: what ties the patient to the incident's encounter.</summary>
    private static R4.Encounter Care(string patientUrl, string incidentUrl, string? locationUrl)
    {
        var care = Encounter(locationUrl);
        care.Subject = new R4.ResourceReference(patientUrl);
        care.PartOf = new R4.ResourceReference(incidentUrl);
        return care;
    }

    /// <summary>Kind, triage, condition and medical notes of one patient; null when nothing is known of them.</summary>
    private static R4.Observation? Assessment(Patient patient, string patientUrl, string careUrl)
    {
        var observation = Observation(FhirCodes.AssessmentObservation, careUrl, patientUrl);
        if (patient.Kind is { } kind) observation.Component.Add(Component(FhirCodes.VictimKind, new R4.CodeableConcept(FhirCodes.VictimKindCodes, kind)));
        if (patient.Triage is { } triage) observation.Component.Add(Component(FhirCodes.Triage, new R4.CodeableConcept(FhirCodes.TriageCodes, TriageCodes.Of(triage))));
        if (Text(patient.Details?.Condition) is { } condition) observation.Component.Add(Component(FhirCodes.Condition, new R4.FhirString(condition)));
        foreach (var note in patient.Details?.MedicalNotes ?? []) AddNote(observation, Text(note.Text), note.CreatedAt);
        return observation.Component.Count == 0 && observation.Note.Count == 0 ? null : observation;
    }

    private static R4.Observation Observation(string code, string encounterUrl, string? subjectUrl) => new()
    {
        Status = R4.ObservationStatus.Preliminary,
        Code = new R4.CodeableConcept(FhirCodes.Observation, code),
        Encounter = new R4.ResourceReference(encounterUrl),
        Subject = subjectUrl is null ? null : new R4.ResourceReference(subjectUrl),
    };

    private static R4.Observation.ComponentComponent Component(string code, R4.DataType value) =>
        new() { Code = new R4.CodeableConcept(FhirCodes.Observation, code), Value = value };

    private static void AddNote(R4.Observation observation, string? text, DateTimeOffset? at)
    {
        if (text is null) return;
        observation.Note.Add(new R4.Annotation { Text = text, TimeElement = at is { } time ? new R4.FhirDateTime(time) : null });
    }

    private static void AddIdentifier(List<R4.Identifier> identifiers, string system, string? value)
    {
        if (Text(value) is { } id) identifiers.Add(new R4.Identifier(system, id));
    }

    private static void Add(R4.Bundle bundle, string fullUrl, R4.Resource resource) =>
        bundle.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });

    /// <summary>FHIR strings cannot be empty: an empty text is no text.</summary>
    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
