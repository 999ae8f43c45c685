using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Natures;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Serialization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

[TestClass]
public sealed class When_a_Pegase_fiche_is_mapped
{
    private readonly FicheMapper _mapper = new(new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    private Incident Migrated(PegaseFiche fiche)
    {
        var outcome = _mapper.Map(fiche);
        Assert.IsNull(outcome.Reject, outcome.Reject?.ToString());
        return outcome.Incident!;
    }

    private static IReadOnlyList<string> FlagsOn(Incident incident) =>
        incident.CustomDetails.Where(d => d.Key == FicheMapper.FlagKey).Select(d => d.Value).ToList();

    private PegaseReject Rejected(PegaseFiche fiche, PegaseRejectKind kind, HubErrorCode code, string path)
    {
        var reject = _mapper.Map(fiche).Reject;
        Assert.IsNotNull(reject);
        Assert.AreEqual(kind, reject.Kind);
        Assert.AreEqual(code, reject.Code);
        Assert.AreEqual(path, reject.Path);
        return reject;
    }

    [TestMethod]
    public void A_clean_fiche_becomes_an_incident_known_by_its_Pegase_number_with_nothing_flagged()
    {
        var incident = Migrated(PegaseFiches.Clean(7));

        Assert.AreEqual("035-2015-0000007", incident.Identity.PegaseNumber);
        Assert.IsNull(incident.Identity.HubId, "the store assigns the hub id");
        Assert.AreEqual(new DateTimeOffset(2015, 5, 12, 14, 32, 5, TimeSpan.FromHours(2)), incident.CreatedAt);
        Assert.AreEqual("C03.03.00", incident.Qualification!.Nature!.Code);
        Assert.AreEqual("Cambriolage", incident.Qualification.Nature.Label);
        Assert.AreEqual("35238", incident.Location!.Commune!.InseeCode);
        Assert.AreEqual("1 place de la Mairie", incident.Location.Address!.Complete);
        Assert.AreEqual("OP1234", incident.Alerts.Single().CallTaker!.CallTakerId);
        Assert.AreEqual("0299000000", incident.Alerts.Single().Caller!.Contact!.Detail);
        Assert.AreEqual("porte fracturée, auteurs partis", incident.Notes.Single().Text);
        Assert.AreEqual(FicheMapper.Format, incident.Alerts.Single().Provenance!.Format);
        CollectionAssert.AreEqual(Array.Empty<string>(), FlagsOn(incident).ToArray());
    }

    [TestMethod]
    public void A_Lambert_93_point_is_reprojected_into_Rennes()
    {
        var point = Migrated(PegaseFiches.Clean()).Location!.Point!;

        Assert.AreEqual(48.111, (double)point.Latitude, 0.01);
        Assert.AreEqual(-1.680, (double)point.Longitude, 0.01);
    }

    [TestMethod]
    public void The_same_place_in_Lambert_II_etendu_lands_on_the_same_point_within_a_metre()
    {
        var lambert93 = Migrated(PegaseFiches.Clean()).Location!.Point!;
        var (lon, lat) = LambertProjection.ToWgs84(LambertSystem.Lambert93, 351_870, 6_789_390);
        var (x, y) = LambertProjection.FromWgs84(LambertSystem.LambertIIEtendu, lon, lat);
        var lambert2 = Migrated(With(PegaseFiches.Clean(), Math.Round((decimal)x, 2), Math.Round((decimal)y, 2), "L2E")).Location!.Point!;

        Assert.AreEqual((double)lambert93.Latitude, (double)lambert2.Latitude, 1e-5);
        Assert.AreEqual((double)lambert93.Longitude, (double)lambert2.Longitude, 1e-5);
    }

    [TestMethod]
    public void Missing_or_zero_coordinates_leave_the_incident_without_a_point_and_say_so()
    {
        foreach (var (x, y) in new (decimal?, decimal?)[] { (null, null), (0m, 0m), (351_870m, null) })
        {
            var incident = Migrated(With(PegaseFiches.Clean(), x, y, "L93"));

            Assert.IsNull(incident.Location!.Point);
            CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.NoCoordinates));
        }
    }

    [TestMethod]
    public void A_blank_coordinate_system_is_decided_by_the_range_and_flagged()
    {
        var incident = Migrated(With(PegaseFiches.Clean(), 301_500m, 2_353_200m, null));

        Assert.IsNotNull(incident.Location!.Point);
        Assert.AreEqual(48.1, (double)incident.Location.Point.Latitude, 0.05, "a Lambert II étendu northing in Rennes");
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.CoordinateSystemInferred));
    }

    [TestMethod]
    public void Coordinates_in_neither_system_or_outside_France_are_dropped_and_flagged()
    {
        foreach (var (x, y, system) in new (decimal, decimal, string?)[] { (12m, 34m, null), (351_870m, 6_789_390m, "L2E") })
        {
            var incident = Migrated(With(PegaseFiches.Clean(), x, y, system));

            Assert.IsNull(incident.Location!.Point, $"{x} {y} {system}");
            CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.CoordinatesOutOfRange));
        }
    }

    [TestMethod]
    public void A_postal_code_typed_as_INSEE_code_becomes_the_INSEE_code()
    {
        var incident = Migrated(WithCommune(PegaseFiches.Clean(), "75011"));

        Assert.AreEqual("75111", incident.Location!.Commune!.InseeCode);
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.PostalCodeAsInsee));
    }

    [TestMethod]
    public void A_merged_commune_becomes_its_commune_nouvelle()
    {
        var incident = Migrated(WithCommune(PegaseFiches.Clean(), "74011"));

        Assert.AreEqual("74010", incident.Location!.Commune!.InseeCode);
        Assert.AreEqual("Annecy", incident.Location.Commune.Name);
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.MergedCommune));
    }

    [TestMethod]
    public void A_call_in_the_autumn_hour_that_happens_twice_is_taken_in_summer_time_and_flagged()
    {
        var fiche = WithCall(PegaseFiches.Clean(), new DateTime(2015, 10, 25, 2, 30, 0));
        var incident = Migrated(fiche);

        Assert.AreEqual(new DateTimeOffset(2015, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), incident.CreatedAt);
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.AmbiguousAutumnHour));
    }

    [TestMethod]
    public void A_call_in_the_spring_hour_that_never_happens_is_taken_in_winter_time_and_flagged()
    {
        var incident = Migrated(WithCall(PegaseFiches.Clean(), new DateTime(2015, 3, 29, 2, 30, 0)));

        Assert.AreEqual(new DateTimeOffset(2015, 3, 29, 1, 30, 0, TimeSpan.Zero), incident.CreatedAt!.Value.ToUniversalTime());
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.MissingSpringHour));
    }

    [TestMethod]
    public void Text_encoded_twice_is_repaired_and_genuine_text_left_alone()
    {
        var windows1252 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var mangled = windows1252.GetString(System.Text.Encoding.UTF8.GetBytes("porte fracturée à l'arrière"));
        var incident = Migrated(WithObservations(PegaseFiches.Clean(), mangled));

        Assert.AreEqual("porte fracturée à l'arrière", incident.Notes.Single().Text);
        CollectionAssert.Contains(FlagsOn(incident).ToArray(), nameof(MigrationFlag.TextRepaired));

        var genuine = Migrated(WithObservations(PegaseFiches.Clean(), "Ã bientôt (sic)"));
        Assert.AreEqual("Ã bientôt (sic)", genuine.Notes.Single().Text);
        CollectionAssert.DoesNotContain(FlagsOn(genuine).ToArray(), nameof(MigrationFlag.TextRepaired));
    }

    [TestMethod]
    public void Text_that_fills_its_varchar_is_flagged_as_possibly_truncated()
    {
        var incident = Migrated(WithObservations(PegaseFiches.Clean(), new string('x', 255)));

        var detail = incident.CustomDetails.Single(d => d.Value == nameof(MigrationFlag.PossiblyTruncated));
        Assert.AreEqual("observations", detail.FreeText);
    }

    [TestMethod]
    public void An_unknown_nature_or_call_taker_is_migrated_without_them_and_flagged()
    {
        var incident = Migrated(PegaseFiches.Clean() with { CodeNature = "ZZZ", MatriculeOperateur = null });

        Assert.IsNull(incident.Qualification!.Nature);
        Assert.IsNull(incident.Alerts.Single().CallTaker);
        CollectionAssert.IsSubsetOf(new[] { nameof(MigrationFlag.UnmappedNature), nameof(MigrationFlag.UnknownCallTaker) }, FlagsOn(incident).ToArray());
    }

    [TestMethod]
    public void Every_shipped_nature_mapping_targets_a_CISU_nature_de_fait()
    {
        var fait = Nomenclatures.Get(Nomenclatures.NatureDeFait);

        Assert.IsTrue(NatureMap.Shipped.Mappings.Count >= 20);
        foreach (var mapping in NatureMap.Shipped.Mappings)
            Assert.IsTrue(fait.Contains(mapping.CisuCode), $"{mapping.PegaseCode} → {mapping.CisuCode}");
        Assert.AreEqual("C07.07.03", NatureMap.Shipped.Find("tapage ")!.CisuCode, "French_CI_AS compares without case");
    }

    [TestMethod]
    public void A_duplicate_number_is_rejected_pointing_at_the_first_fiche()
    {
        var reject = Rejected(PegaseFiches.Clean(9) with { PremiereFiche = 4 }, PegaseRejectKind.Duplicate, HubErrorCode.CaseAlreadyExists, "fiche[9].numero_fiche");

        StringAssert.Contains(reject.Message, "fiche 4");
    }

    [TestMethod]
    public void A_fiche_of_a_centre_that_does_not_exist_is_rejected_as_an_orphan()
    {
        Rejected(PegaseFiches.Clean(3) with { CodeCentre = "CIC99", Departement = null },
            PegaseRejectKind.OrphanCentre, HubErrorCode.UnknownSender, "fiche[3].code_centre");
    }

    [TestMethod]
    public void A_blank_number_is_rejected()
    {
        Rejected(PegaseFiches.Clean(5) with { NumeroFiche = "  " },
            PegaseRejectKind.NoNumber, HubErrorCode.InsufficientData, "fiche[5].numero_fiche");
    }

    [TestMethod]
    public void Impossible_dates_are_rejected_with_the_column_at_fault()
    {
        Rejected(WithCall(PegaseFiches.Clean(2), new DateTime(1900, 1, 1)), PegaseRejectKind.ImpossibleDate, HubErrorCode.InvalidMessage, "fiche[2].date_appel");
        Rejected(PegaseFiches.Clean(2) with { DateAppel = new DateTime(2015, 5, 13) }, PegaseRejectKind.ImpossibleDate, HubErrorCode.InvalidMessage, "fiche[2].date_appel");
        Rejected(PegaseFiches.Clean(2) with { DateMaj = new DateTime(2031, 1, 1) },
            PegaseRejectKind.ImpossibleDate, HubErrorCode.InvalidMessage, "fiche[2].date_maj");
    }

    [TestMethod]
    public void The_same_fiche_maps_to_the_same_incident_every_time()
    {
        var first = JsonSerializer.Serialize(Migrated(PegaseFiches.Clean()), CanonicalJson.Options);
        var second = JsonSerializer.Serialize(Migrated(PegaseFiches.Clean()), CanonicalJson.Options);

        Assert.AreEqual(first, second);
    }

    private static PegaseFiche With(PegaseFiche f, decimal? x, decimal? y, string? system) => f with { CoordX = x, CoordY = y, CoordSysteme = system };
    private static PegaseFiche WithCommune(PegaseFiche f, string code) => f with { CommuneInsee = code, CommuneNom = null };
    private static PegaseFiche WithCall(PegaseFiche f, DateTime call) => f with { DateAppel = call, DateMaj = call.AddHours(1) };
    private static PegaseFiche WithObservations(PegaseFiche f, string text) => f with { Observations = text };
}
