using System.Globalization;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Adapters.Fhir.Mapping;

/// <summary>
/// Reads a victims bundle (the layout <see cref="VictimsBundleWriter"/> writes) into the canonical incident. Every entry
/// must be one the hub reads: an entry it would ignore is refused (600, with its FHIR path) rather than dropped.
/// </summary>
internal sealed class VictimsBundleReader
{
    private readonly R4.Bundle _bundle;
    private readonly Dictionary<string, int> _entryOf = [];
    private readonly bool[] _read;

    private VictimsBundleReader(R4.Bundle bundle)
    {
        _bundle = bundle;
        _read = new bool[bundle.Entry.Count];
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is null) throw Refused($"Bundle.entry[{i}].resource", "an entry without a resource");
            var url = bundle.Entry[i].FullUrl ?? throw Refused($"Bundle.entry[{i}].fullUrl", "every entry needs its fullUrl: the references point to it");
            if (!_entryOf.TryAdd(url, i)) throw Refused($"Bundle.entry[{i}].fullUrl", $"'{url}' is also the fullUrl of Bundle.entry[{_entryOf[url]}]");
        }
    }

    public static (string Family, Incident Incident) Read(R4.Bundle bundle, Provenance provenance) =>
        new VictimsBundleReader(bundle).ReadMessage(provenance);

    private (string Family, Incident Incident) ReadMessage(Provenance provenance)
    {
        if (_bundle.Type != R4.Bundle.BundleType.Message) throw Refused("Bundle.type", "the hub reads message bundles (type message)");
        if (_bundle.Entry.Count == 0 || _bundle.Entry[0].Resource is not R4.MessageHeader header)
            throw Refused("Bundle.entry[0].resource", "a message bundle starts with its MessageHeader");
        _read[0] = true;
        var family = header.Event is R4.Coding { System: FhirCodes.MessageFamily, Code: { } code } && FhirFormat.CaseFamilies.Contains(code)
            ? code
            : throw Refused("Bundle.entry[0].resource.eventCoding", $"the event is the family of the case the victims belong to: {FhirCodes.MessageFamily} {string.Join(", ", FhirFormat.CaseFamilies)}");
        var (incidentIndex, encounter) = Resolve<R4.Encounter>(header.Focus.FirstOrDefault(), "Bundle.entry[0].resource.focus[0]");
        var incidentUrl = _bundle.Entry[incidentIndex].FullUrl!;

        var incident = new Incident { CreatedAt = Time(encounter.Period?.StartElement, $"{PathOf(incidentIndex)}.period.start") };
        incident.Identity.CaseId = IdentifierValue(encounter.Identifier, FhirCodes.CaseId);
        incident.Identity.SenderCaseId = IdentifierValue(encounter.Identifier, FhirCodes.SenderCaseId);
        incident.Identity.EmsiEventId = IdentifierValue(encounter.Identifier, FhirCodes.EmsiEventId);
        if (encounter.Location.FirstOrDefault()?.Location is { } placeReference)
        {
            var (index, location) = Resolve<R4.Location>(placeReference, $"{PathOf(incidentIndex)}.location[0].location");
            incident.Location = ReadLocation(location, index, provenance);
        }

        var victims = new Victims();
        var patientOfCare = ReadPatients(incidentUrl, victims, provenance);
        var observed = ReadObservations(victims, patientOfCare, provenance);
        if (Array.IndexOf(_read, false) is var unread and >= 0)
        {
            throw Refused(PathOf(unread), $"a {_bundle.Entry[unread].Resource!.TypeName} the hub does not read here (docs/fhir.md lists what a victims bundle holds)");
        }
        if (observed || victims.Patients.Count > 0) incident.Qualification = new Qualification { Victims = victims, Provenance = provenance };
        return (family, incident);
    }

    /// <summary>Each patient is reached through the Encounter of their care, part of the incident's encounter.</summary>
    private Dictionary<string, Patient> ReadPatients(string incidentUrl, Victims victims, Provenance provenance)
    {
        var patientOfCare = new Dictionary<string, Patient>();
        for (var i = 0; i < _bundle.Entry.Count; i++)
        {
            if (_bundle.Entry[i].Resource is not R4.Encounter { PartOf.Reference: { } partOf } care || partOf != incidentUrl) continue;
            _read[i] = true;
            if (care.Location.FirstOrDefault()?.Location is { } place) Resolve<R4.Location>(place, $"{PathOf(i)}.location[0].location");
            var (index, resource) = Resolve<R4.Patient>(care.Subject, $"{PathOf(i)}.subject");
            var patient = ReadPatient(resource, index, provenance);
            victims.Patients.Add(patient);
            patientOfCare[_bundle.Entry[i].FullUrl!] = patient;
        }
        return patientOfCare;
    }

    private static Patient ReadPatient(R4.Patient resource, int index, Provenance provenance)
    {
        var path = PathOf(index);
        var details = new PatientDetails
        {
            Name = resource.Name.FirstOrDefault() is { } name ? new PersonName
            {
                Complete = name.Text,
                LastName = name.Family,
                FirstName = name.Given.Any() ? string.Join(' ', name.Given) : null,
            } : null,
            BirthDate = resource.BirthDate is { } birth
                ? DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw Refused($"{path}.birthDate", $"'{birth}' is a partial date: the hub carries full birth dates only")
                : null,
            Sex = resource.Gender switch
            {
                R4.AdministrativeGender.Female => PatientSex.Female,
                R4.AdministrativeGender.Male => PatientSex.Male,
                R4.AdministrativeGender.Other => PatientSex.Other,
                R4.AdministrativeGender.Unknown => PatientSex.Unknown,
                _ => null,
            },
        };
        return new Patient
        {
            Id = IdentifierValue(resource.Identifier, FhirCodes.PatientId)
                ?? throw Refused($"{path}.identifier", $"a patient needs its shared id ({FhirCodes.PatientId})"),
            Details = details.Name is null && details.BirthDate is null && details.Sex is null ? null : details,
            Provenance = provenance,
        };
    }

    /// <summary>The victims' observations; true when there was one about the victims as a whole.</summary>
    private bool ReadObservations(Victims victims, Dictionary<string, Patient> patientOfCare, Provenance provenance)
    {
        var observed = false;
        for (var i = 0; i < _bundle.Entry.Count; i++)
        {
            if (_bundle.Entry[i].Resource is not R4.Observation observation) continue;
            var code = observation.Code.Coding.FirstOrDefault(c => c.System == FhirCodes.Observation)?.Code;
            switch (code)
            {
                case FhirCodes.VictimsObservation:
                    victims.Count = Coded(observation.Value, FhirCodes.VictimCount);
                    victims.MainVictim = Coded(Component(observation, FhirCodes.MainVictim), FhirCodes.VictimKindCodes);
                    victims.FreeText = Notes(observation);
                    observed = true;
                    break;
                case FhirCodes.CasualtiesObservation:
                    victims.Casualties.Add(ReadCasualties(observation, PathOf(i)));
                    observed = true;
                    break;
                case FhirCodes.AssessmentObservation:
                    var careUrl = observation.Encounter?.Reference;
                    var patient = (careUrl is null ? null : patientOfCare.GetValueOrDefault(careUrl))
                        ?? throw Refused($"{PathOf(i)}.encounter", "an assessment belongs to the encounter of a patient's care");
                    ReadAssessment(observation, patient, PathOf(i), provenance);
                    break;
                default:
                    continue;
            }
            _read[i] = true;
        }
        return observed;
    }

    private static CasualtyReport ReadCasualties(R4.Observation observation, string path)
    {
        var report = new CasualtyReport { At = Time(observation.Effective as R4.FhirDateTime, $"{path}.effectiveDateTime"), Context = Notes(observation) ?? "" };
        for (var i = 0; i < observation.Component.Count; i++)
        {
            var component = observation.Component[i];
            var code = component.Code.Coding.FirstOrDefault(c => c.System == FhirCodes.Observation)?.Code;
            var count = CasualtyCounts.All.FirstOrDefault(c => c.Code == code);
            if (count.Code is null || component.Value is not R4.Integer { Value: { } value })
                throw Refused($"{path}.component[{i}]", $"a casualty count is an integer coded {string.Join(", ", CasualtyCounts.All.Select(c => c.Code))} ({FhirCodes.Observation})");
            count.Set(report, value);
        }
        return report;
    }

    private static void ReadAssessment(R4.Observation observation, Patient patient, string path, Provenance provenance)
    {
        patient.Kind = Coded(Component(observation, FhirCodes.VictimKind), FhirCodes.VictimKindCodes);
        if (Coded(Component(observation, FhirCodes.Triage), FhirCodes.TriageCodes) is { } triage)
        {
            patient.Triage = TriageCodes.Parse(triage) ?? throw Refused($"{path}.component", $"'{triage}' is not a triage colour (red, yellow, green, black)");
        }
        var condition = (Component(observation, FhirCodes.Condition) as R4.FhirString)?.Value;
        var notes = observation.Note.Select((note, i) => new Note
        {
            CreatedAt = Time(note.TimeElement, $"{path}.note[{i}].time"),
            Text = note.Text,
            Provenance = provenance,
        }).ToList();
        if (condition is null && notes.Count == 0) return;
        patient.Details ??= new PatientDetails();
        patient.Details.Condition = condition;
        patient.Details.MedicalNotes = notes;
    }

    private static IncidentLocation ReadLocation(R4.Location location, int index, Provenance provenance) => new()
    {
        LocationId = IdentifierValue(location.Identifier, FhirCodes.LocationId),
        Name = location.Name,
        Label = location.Alias.FirstOrDefault(),
        FreeText = location.Description,
        Address = location.Address?.Text is { } text ? new Address { Complete = text } : null,
        Commune = location.Address?.City is { } city ? new Commune { Name = city } : null,
        Country = location.Address?.Country,
        Point = location.Position is { } position ? new GeoPoint
        {
            Latitude = position.Latitude ?? throw Refused($"{PathOf(index)}.position.latitude", "is missing"),
            Longitude = position.Longitude ?? throw Refused($"{PathOf(index)}.position.longitude", "is missing"),
            Height = position.Altitude,
        } : null,
        Provenance = provenance,
    };

    /// <summary>The entry a reference points to (a fullUrl of the bundle), marked read, of the type expected.</summary>
    private (int Index, T Resource) Resolve<T>(R4.ResourceReference? reference, string path) where T : R4.Resource
    {
        if (reference?.Reference is not { } url) throw Refused(path, $"a reference to a {typeof(T).Name} of the bundle is missing");
        if (!_entryOf.TryGetValue(url, out var index)) throw Refused($"{path}.reference", $"'{url}' is the fullUrl of no entry of the bundle");
        if (_bundle.Entry[index].Resource is not T resource)
            throw Refused($"{path}.reference", $"'{url}' is a {_bundle.Entry[index].Resource!.TypeName}, not a {typeof(T).Name}");
        _read[index] = true;
        return (index, resource);
    }

    private static R4.DataType? Component(R4.Observation observation, string code) =>
        observation.Component.FirstOrDefault(c => c.Code.Coding.Any(x => x.System == FhirCodes.Observation && x.Code == code))?.Value;

    private static string? Coded(R4.DataType? value, string system) =>
        (value as R4.CodeableConcept)?.Coding.FirstOrDefault(c => c.System == system)?.Code;

    private static string? Notes(R4.Observation observation) =>
        observation.Note.Count == 0 ? null : string.Join('\n', observation.Note.Select(n => n.Text));

    private static string? IdentifierValue(List<R4.Identifier> identifiers, string system) =>
        identifiers.FirstOrDefault(i => i.System == system)?.Value;

    /// <summary>A FHIR dateTime with its time and offset; a partial one (a day, a month) is refused, not guessed at.</summary>
    private static DateTimeOffset? Time(R4.FhirDateTime? element, string path)
    {
        if (element?.Value is not { } text) return null;
        return text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw Refused(path, $"'{text}' is a partial date-time: the hub carries a time with its offset");
    }

    private static string PathOf(int index) => $"Bundle.entry[{index}].resource";

    private static MessageRejectedException Refused(string path, string reason) => new(HubErrorCode.MessageConversionError, path, reason);
}
