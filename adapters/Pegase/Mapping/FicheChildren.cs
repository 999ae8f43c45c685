using System.Globalization;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>
/// The rows hanging off a fiche, onto its incident (docs/pegase-legacy.md, "Interventions, persons and history"):
/// interventions with their crew and vehicle as engaged resources, persons as victims (V) or involved persons
/// (T, M), the history of updates as the timeline. Pure, as <see cref="FicheMapper"/>.
/// </summary>
internal static class FicheChildren
{
    /// <summary>A call before 1901 is no birth date: SQL Server's 1900-01-01 default.</summary>
    private static readonly DateTime FirstPossibleBirth = new(1901, 1, 1);

    /// <summary>Each intervention as a resource: the crew's call sign, its vehicle, the request/arrival/end as
    /// statuses (DECISION, ARRIVEE, FIN), the vehicle's last position on it reprojected to WGS-84.</summary>
    public static void Engage(Incident incident, PegaseFiche fiche, Provenance provenance, List<(MigrationFlag, string)> flags)
    {
        var centre = fiche.CodeCentre.Trim();
        foreach (var intervention in fiche.Interventions)
        {
            var at = $"intervention[{intervention.IdIntervention}]";
            var resource = new EngagedResource
            {
                ResourceId = $"pegase-intervention-{intervention.IdIntervention.ToString(CultureInfo.InvariantCulture)}",
                MissionId = intervention.IdIntervention.ToString(CultureInfo.InvariantCulture),
                OrganizationId = $"fr.police.{centre.ToLowerInvariant()}",
                CenterName = centre,
                VehicleType = "POL",
                Name = FicheMapper.Text(intervention.Indicatif, $"{at}.indicatif", flags),
                Provenance = provenance,
            };
            var requested = FicheMapper.LocalInstant(intervention.DateDemande, $"{at}.date_demande", flags);
            resource.StatusHistory.Add(new ResourceStatus { Status = "DECISION", At = requested });
            if (intervention.DateArrivee is { } arrived)
                resource.StatusHistory.Add(new ResourceStatus { Status = "ARRIVEE", At = FicheMapper.LocalInstant(arrived, $"{at}.date_arrivee", flags) });
            if (intervention.DateFin is { } ended)
                resource.StatusHistory.Add(new ResourceStatus { Status = "FIN", At = FicheMapper.LocalInstant(ended, $"{at}.date_fin", flags), Available = true });
            resource.DescribedAt = resource.StatusHistory[^1].At;
            if (resource.StatusHistory.Zip(resource.StatusHistory.Skip(1)).Any(pair => pair.Second.At < pair.First.At))
                flags.Add((MigrationFlag.InterventionTimesOutOfOrder, $"{at}: {string.Join(", ", resource.StatusHistory.Select(s => $"{s.Status} {s.At:O}"))} kept as given"));

            if (intervention.Indicatif is null)
                flags.Add((MigrationFlag.UnknownCrew, $"{at}.id_equipage {intervention.IdEquipage?.ToString(CultureInfo.InvariantCulture) ?? "null"} names no equipage"));
            else if (intervention.TypeVehicule is null)
                flags.Add((MigrationFlag.CrewWithoutVehicle, $"{at}: crew '{intervention.Indicatif.Trim()}' has {(intervention.IdVehicule is { } v ? $"vehicle {v}, which does not exist" : "no vehicle")}"));
            else
            {
                resource.FreeText.Add($"véhicule {intervention.Immatriculation?.Trim() ?? "sans immatriculation"} ({intervention.TypeVehicule.Trim()})");
                if (intervention.DatePosition is { } seen
                    && FicheMapper.Point(intervention.CoordX, intervention.CoordY, intervention.CoordSysteme, $"position_vehicule[{intervention.IdPosition}] ", flags) is { } point)
                    resource.Position = new ResourcePosition { At = FicheMapper.LocalInstant(seen, $"position_vehicule[{intervention.IdPosition}].date_position", flags), Point = point };
            }
            incident.Resources.Add(resource);
        }
    }

    /// <summary>Victims (V) as patients, their kind from their age at the call; witnesses (T) and mis en cause (M) as
    /// involved persons. Every identity goes into the details routing withholds from non-health partners.</summary>
    public static void Involve(Incident incident, PegaseFiche fiche, Provenance provenance, List<(MigrationFlag, string)> flags)
    {
        if (fiche.Personnes.Count == 0) return;
        var victims = new Victims();
        foreach (var personne in fiche.Personnes)
        {
            var at = $"personne[{personne.IdPersonne}]";
            var id = $"pegase-personne-{personne.IdPersonne.ToString(CultureInfo.InvariantCulture)}";
            var details = Details(personne, at, fiche.DateAppel, flags);
            switch (personne.Qualite.Trim().ToUpperInvariant())
            {
                case "V":
                    victims.Patients.Add(new Patient { Id = id, Kind = KindOf(details?.BirthDate, fiche.DateAppel), Details = details, Provenance = provenance });
                    break;
                case "T":
                    victims.Involved.Add(new InvolvedPerson { Id = id, Role = PersonRole.Witness, Details = details, Provenance = provenance });
                    break;
                case "M":
                    victims.Involved.Add(new InvolvedPerson { Id = id, Role = PersonRole.Suspect, Details = details, Provenance = provenance });
                    break;
                default:
                    flags.Add((MigrationFlag.UnknownPersonRole, $"{at}.qualite '{personne.Qualite.Trim()}' is none of V, T, M"));
                    victims.Involved.Add(new InvolvedPerson { Id = id, Role = PersonRole.Unknown, Details = details, Provenance = provenance });
                    break;
            }
        }
        if (victims.Patients.Count > 0)
        {
            victims.Count = victims.Patients.Count == 1 ? "1" : "PLUSIEURS";
            victims.MainVictim = victims.Patients[0].Kind;
        }
        (incident.Qualification ??= new Qualification { Provenance = provenance }).Victims = victims;
    }

    /// <summary>Each update (oldest first) as a timeline entry <c>pegase-update</c>: the column, old → new, and who.</summary>
    public static void Chronicle(Incident incident, PegaseFiche fiche, Provenance provenance, List<(MigrationFlag, string)> flags)
    {
        foreach (var update in fiche.Historique.OrderBy(h => h.DateMaj).ThenBy(h => h.IdHistorique))
        {
            var at = $"fiche_historique[{update.IdHistorique}]";
            var before = FicheMapper.Text(update.AncienneValeur, $"{at}.ancienne_valeur", flags);
            var after = FicheMapper.Text(update.NouvelleValeur, $"{at}.nouvelle_valeur", flags);
            var by = update.MatriculeOperateur is { } matricule ? $" ({matricule.Trim()})" : "";
            incident.Timeline.Add(new TimelineEntry
            {
                At = FicheMapper.LocalInstant(update.DateMaj, $"{at}.date_maj", flags),
                Kind = "pegase-update",
                Description = $"{update.Champ.Trim()} : {before ?? "(vide)"} → {after ?? "(vide)"}{by}",
                Provenance = provenance,
            });
        }
    }

    private static PatientDetails? Details(PegasePersonne personne, string at, DateTime call, List<(MigrationFlag, string)> flags)
    {
        var last = FicheMapper.Text(personne.Nom, $"{at}.nom", flags);
        var first = FicheMapper.Text(personne.Prenom, $"{at}.prenom", flags);
        DateOnly? birth = null;
        if (personne.DateNaissance is { } born)
        {
            if (born < FirstPossibleBirth || born > call)
                flags.Add((MigrationFlag.ImpossibleBirthDate, $"{at}.date_naissance {born:yyyy-MM-dd} dropped"));
            else
                birth = DateOnly.FromDateTime(born);
        }
        if (last is null && first is null && birth is null) return null;
        return new PatientDetails
        {
            Name = last is null && first is null ? null : new PersonName { LastName = last, FirstName = first },
            BirthDate = birth,
        };
    }

    /// <summary>CISU <c>HubSante.patient</c> from the age at the call: not identifying, so every partner may have it.</summary>
    private static string? KindOf(DateOnly? birth, DateTime call)
    {
        if (birth is not { } born) return null;
        var age = call.Year - born.Year - (DateOnly.FromDateTime(call) < born.AddYears(call.Year - born.Year) ? 1 : 0);
        return age switch { < 2 => "NOURRISSON", < 15 => "ENFANT", >= 65 => "SENIOR", _ => "ADULTE" };
    }
}
