using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Confidentiality;
using MCIC2.Interop.Routing.Partners;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>A fiche's interventions (crew, vehicle, position), persons and history onto its incident, with their dirt.</summary>
[TestClass]
public sealed class When_Pegase_child_rows_are_mapped
{
    private readonly FicheMapper _mapper = new(new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    /// <summary>Crew TN 35-12 in its car, asked at 14:40, on the spot at 14:52 (seen there, in Lambert II étendu), done at 15:30.</summary>
    private static PegaseIntervention Intervention(int id = 7) => new()
    {
        IdIntervention = id,
        IdFiche = 1,
        IdEquipage = 12,
        DateDemande = new DateTime(2015, 5, 12, 14, 40, 0),
        DateArrivee = new DateTime(2015, 5, 12, 14, 52, 0),
        DateFin = new DateTime(2015, 5, 12, 15, 30, 0),
        Indicatif = "TN 35-12",
        IdVehicule = 3,
        Immatriculation = "AB-123-CD",
        TypeVehicule = "VL sérigraphiée",
        IdPosition = 44,
        DatePosition = new DateTime(2015, 5, 12, 14, 52, 0),
        CoordX = Lambert(LambertSystem.LambertIIEtendu).X,
        CoordY = Lambert(LambertSystem.LambertIIEtendu).Y,
        CoordSysteme = "L2E",
    };

    /// <summary>The Place de la Mairie of Rennes in a Lambert system, to the centimetre as Pégase stores it.</summary>
    private static (decimal X, decimal Y) Lambert(LambertSystem system)
    {
        var (x, y) = LambertProjection.FromWgs84(system, -1.6797, 48.1115);
        return (Math.Round((decimal)x, 2), Math.Round((decimal)y, 2));
    }

    private Incident Migrated(PegaseFiche fiche)
    {
        var outcome = _mapper.Map(fiche);
        Assert.IsNull(outcome.Reject, outcome.Reject?.ToString());
        return outcome.Incident!;
    }

    private static List<(string Flag, string? Detail)> FlagsOn(Incident incident) =>
        incident.CustomDetails.Where(d => d.Key == FicheMapper.FlagKey).Select(d => (d.Value, d.FreeText)).ToList();

    [TestMethod]
    public void An_intervention_becomes_an_engaged_resource_with_its_call_sign_statuses_vehicle_and_last_position_in_WGS84()
    {
        var incident = Migrated(PegaseFiches.Clean() with { Interventions = [Intervention()] });

        var resource = incident.Resources.Single();
        Assert.AreEqual("pegase-intervention-7", resource.ResourceId);
        Assert.AreEqual("TN 35-12", resource.Name);
        Assert.AreEqual("fr.police.cic35", resource.OrganizationId);
        Assert.AreEqual("POL", resource.VehicleType);
        CollectionAssert.AreEqual(new[] { "DECISION", "ARRIVEE", "FIN" }, resource.StatusHistory.Select(s => s.Status).ToArray());
        Assert.AreEqual(DateTimeOffset.Parse("2015-05-12T14:40:00+02:00"), resource.StatusHistory[0].At, "local summer time");
        Assert.AreEqual(DateTimeOffset.Parse("2015-05-12T15:30:00+02:00"), resource.DescribedAt);
        CollectionAssert.AreEqual(new[] { "véhicule AB-123-CD (VL sérigraphiée)" }, resource.FreeText);
        Assert.IsNotNull(resource.Position);
        Assert.AreEqual(DateTimeOffset.Parse("2015-05-12T14:52:00+02:00"), resource.Position.At);
        Assert.AreEqual(48.1115, (double)resource.Position.Point.Latitude, 1e-5, "reprojected from Lambert II étendu");
        Assert.AreEqual(-1.6797, (double)resource.Position.Point.Longitude, 1e-5);
        Assert.AreEqual(0, FlagsOn(incident).Count, string.Join("; ", FlagsOn(incident)));
    }

    [TestMethod]
    public void A_dirty_intervention_is_migrated_with_a_flag_naming_the_row()
    {
        var (x, y) = Lambert(LambertSystem.Lambert93);
        var autumn = new DateTime(2015, 10, 25, 2, 20, 0); // the hour that happens twice
        var incident = Migrated(PegaseFiches.Clean() with
        {
            Interventions =
            [
                Intervention(1) with { IdEquipage = 9999, Indicatif = null, IdVehicule = null, Immatriculation = null, TypeVehicule = null },
                Intervention(2) with { IdVehicule = null, Immatriculation = null, TypeVehicule = null },
                Intervention(3) with { DateArrivee = new DateTime(2015, 5, 12, 14, 10, 0) },
                Intervention(4) with { DateDemande = autumn, DateArrivee = null, DateFin = null, DatePosition = autumn, CoordX = x, CoordY = y, CoordSysteme = null },
            ],
        });

        var flags = FlagsOn(incident);
        CollectionAssert.Contains(flags, ("UnknownCrew", "intervention[1].id_equipage 9999 names no equipage"));
        CollectionAssert.Contains(flags, ("CrewWithoutVehicle", "intervention[2]: crew 'TN 35-12' has no vehicle"));
        Assert.IsTrue(flags.Any(f => f.Flag == "InterventionTimesOutOfOrder" && f.Detail!.StartsWith("intervention[3]:", StringComparison.Ordinal)));
        Assert.IsTrue(flags.Any(f => f.Flag == "AmbiguousAutumnHour" && f.Detail!.StartsWith("intervention[4].date_demande 2015-10-25 02:20:00", StringComparison.Ordinal)));
        CollectionAssert.Contains(flags, ("CoordinateSystemInferred", "position_vehicule[44] coord_systeme blank: Lambert93 by the coordinates' range"));
        Assert.IsNull(incident.Resources[0].Name, "no call sign for an unknown crew");
        Assert.IsNull(incident.Resources[1].Position, "no vehicle, no position");
        Assert.AreEqual(DateTimeOffset.Parse("2015-10-25T02:20:00+02:00"), incident.Resources[3].StatusHistory.Single().At, "the first occurrence");
        Assert.IsNotNull(incident.Resources[3].Position);
    }

    [TestMethod]
    public void Victims_become_patients_and_witnesses_and_mis_en_cause_involved_persons_their_identities_in_the_details()
    {
        var incident = Migrated(PegaseFiches.Clean() with
        {
            Personnes =
            [
                new PegasePersonne { IdPersonne = 1, IdFiche = 1, Qualite = "V", Nom = "LE GUÃ‰VEL", Prenom = "Anaïs", DateNaissance = new DateTime(1942, 3, 1) },
                new PegasePersonne { IdPersonne = 2, IdFiche = 1, Qualite = "v", Nom = "MARTIN", DateNaissance = new DateTime(2008, 6, 1) },
                new PegasePersonne { IdPersonne = 3, IdFiche = 1, Qualite = "T", Nom = "HÉLIAS", Prenom = "Noël", DateNaissance = new DateTime(1900, 1, 1) },
                new PegasePersonne { IdPersonne = 4, IdFiche = 1, Qualite = "M", Nom = "DUPONT" },
                new PegasePersonne { IdPersonne = 5, IdFiche = 1, Qualite = "X" },
            ],
        });

        var victims = incident.Qualification!.Victims!;
        Assert.AreEqual("PLUSIEURS", victims.Count);
        CollectionAssert.AreEqual(new[] { "pegase-personne-1", "pegase-personne-2" }, victims.Patients.Select(p => p.Id).ToArray(), "V and v (case-insensitive collation)");
        Assert.AreEqual("SENIOR", victims.Patients[0].Kind, "73 at the call");
        Assert.AreEqual("ENFANT", victims.Patients[1].Kind);
        Assert.AreEqual("SENIOR", victims.MainVictim);
        Assert.AreEqual("LE GUÉVEL", victims.Patients[0].Details!.Name!.LastName, "repaired");
        Assert.AreEqual(new DateOnly(1942, 3, 1), victims.Patients[0].Details!.BirthDate);
        CollectionAssert.AreEqual(new[] { PersonRole.Witness, PersonRole.Suspect, PersonRole.Unknown }, victims.Involved.Select(p => p.Role).ToArray());
        Assert.AreEqual("HÉLIAS", victims.Involved[0].Details!.Name!.LastName);
        Assert.IsNull(victims.Involved[0].Details!.BirthDate, "1900-01-01 is SQL Server's default, not a birth date");
        Assert.IsNull(victims.Involved[2].Details, "nothing known of the person");
        var flags = FlagsOn(incident);
        CollectionAssert.Contains(flags, ("TextRepaired", "personne[1].nom"));
        CollectionAssert.Contains(flags, ("ImpossibleBirthDate", "personne[3].date_naissance 1900-01-01 dropped"));
        CollectionAssert.Contains(flags, ("UnknownPersonRole", "personne[5].qualite 'X' is none of V, T, M"));
    }

    [TestMethod]
    public void The_identities_of_victims_witnesses_and_mis_en_cause_reach_only_a_health_service_when_routed()
    {
        var incident = Migrated(PegaseFiches.Clean() with
        {
            Personnes =
            [
                new PegasePersonne { IdPersonne = 1, IdFiche = 1, Qualite = "V", Nom = "MARTIN", DateNaissance = new DateTime(1980, 1, 1) },
                new PegasePersonne { IdPersonne = 2, IdFiche = 1, Qualite = "T", Nom = "HÉLIAS" },
                new PegasePersonne { IdPersonne = 3, IdFiche = 1, Qualite = "M", Nom = "DUPONT" },
            ],
        });
        Partner Partner(string id, PartnerKind kind) => new(id, kind, id, ["RC-EDA"], "canonical-json", "http", "http://127.0.0.1:1/x");

        foreach (var other in new[] { Partner("fr.fire.sdis35", PartnerKind.Sdis), Partner("fr.gendarmerie.corg35", PartnerKind.Corg), Partner("fr.police.cic44", PartnerKind.Cic) })
        {
            var copy = WithheldMedicalData.For(incident, other, MedicalPolicy.Shipped)!.Qualification!.Victims!;
            Assert.IsTrue(copy.Patients.All(p => p.Details is null) && copy.Involved.All(p => p.Details is null), other.Id);
            CollectionAssert.AreEqual(new[] { PersonRole.Witness, PersonRole.Suspect }, copy.Involved.Select(p => p.Role).ToArray(), "the roles stay");
            Assert.AreEqual("ADULTE", copy.Patients.Single().Kind, "the kind of victim stays");
            StringAssert.Contains(copy.FreeText, WithheldMedicalData.MarkerPrefix);
        }
        var samu = WithheldMedicalData.For(incident, Partner("fr.health.samu35", PartnerKind.Samu), MedicalPolicy.Shipped)!.Qualification!.Victims!;
        Assert.AreEqual("DUPONT", samu.Involved[1].Details!.Name!.LastName);
        Assert.IsNotNull(incident.Qualification!.Victims!.Involved[0].Details, "the stored incident keeps everything");
    }

    [TestMethod]
    public void The_history_becomes_the_timeline_oldest_first_with_the_column_the_values_and_who()
    {
        var incident = Migrated(PegaseFiches.Clean() with
        {
            Historique =
            [
                new PegaseHistorique { IdHistorique = 9, IdFiche = 1, DateMaj = new DateTime(2015, 5, 12, 15, 10, 0), MatriculeOperateur = "OP0002", Champ = "adresse", AncienneValeur = "adresse à préciser", NouvelleValeur = "1 place de la Mairie" },
                new PegaseHistorique { IdHistorique = 8, IdFiche = 1, DateMaj = new DateTime(2015, 5, 12, 14, 50, 0), Champ = "code_nature", AncienneValeur = "DIVERS", NouvelleValeur = "CAMBR" },
            ],
        });

        var updates = incident.Timeline.Where(t => t.Kind == "pegase-update").ToList();
        CollectionAssert.AreEqual(new[] { "code_nature : DIVERS → CAMBR", "adresse : adresse à préciser → 1 place de la Mairie (OP0002)" }, updates.Select(u => u.Description).ToArray());
        Assert.AreEqual(DateTimeOffset.Parse("2015-05-12T14:50:00+02:00"), updates[0].At);
        Assert.AreEqual("pegase-last-update", incident.Timeline[^1].Kind);
    }

    [TestMethod]
    public void The_child_rows_of_a_rejected_fiche_are_rejected_with_it_and_an_orphan_on_its_own()
    {
        var fiche = PegaseFiches.Clean(5) with
        {
            PremiereFiche = 2,
            Interventions = [Intervention(7) with { IdFiche = 5 }],
            Personnes = [new PegasePersonne { IdPersonne = 3, IdFiche = 5, Qualite = "V" }],
            Historique = [new PegaseHistorique { IdHistorique = 4, IdFiche = 5, Champ = "adresse" }],
        };
        var reject = _mapper.Map(fiche).Reject!;

        var rejects = ChildReject.OfRejected(fiche, reject).ToList();

        CollectionAssert.AreEqual(new[] { "intervention[7].id_fiche", "personne[3].id_fiche", "fiche_historique[4].id_fiche" }, rejects.Select(r => r.Path).ToArray());
        Assert.IsTrue(rejects.All(r => r.Kind == ChildRejectKind.FicheRejected && r.Code == HubErrorCode.CaseAlreadyExists));
        Assert.AreEqual("FicheRejected: fiche 5 is rejected (Duplicate)", rejects[0].Reason);
        var orphan = ChildReject.Orphan(new PegaseOrphan(ChildKind.Personne, 12, 0));
        Assert.AreEqual((ChildRejectKind.OrphanFiche, HubErrorCode.InsufficientData, "personne[12].id_fiche", "OrphanFiche: no fiche 0"),
            (orphan.Kind, orphan.Code, orphan.Path, orphan.Reason));
    }
}
