using MCIC2.Interop.Adapters.Pegase.Communes;
using MCIC2.Interop.Adapters.Pegase.Natures;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>A fiche mapped: the incident with the flags written on it, or the reject.</summary>
public sealed record FicheOutcome(Incident? Incident, IReadOnlyList<MigrationFlag> Flags, PegaseReject? Reject);

/// <summary>
/// One Pégase fiche → the canonical incident (docs/pegase-legacy.md, "From a fiche to an incident"). Pure: the
/// same fiche and clock give the same incident, which the migration's idempotence and checksums rely on.
/// </summary>
public sealed class FicheMapper(TimeProvider clock)
{
    public const string Format = "pegase";
    public const string FlagKey = "pegase-migration-flag";

    /// <summary>Pégase went into service after this (arrêté of 21 January 2008; pilot centres from 2005): an earlier
    /// call is a default or mistyped date.</summary>
    public static readonly DateTime FirstPossibleCall = new(2005, 1, 1);

    // Column sizes of Sql/pegase.sqlserver.sql: text exactly this long was probably cut by the varchar.
    private static readonly (string Column, int Size, Func<PegaseFiche, string?> Value)[] Truncatable =
    [
        ("appelant_nom", 40, f => f.AppelantNom), ("titulaire_ligne", 40, f => f.TitulaireLigne),
        ("adresse", 80, f => f.Adresse), ("commune_nom", 40, f => f.CommuneNom), ("observations", 255, f => f.Observations),
    ];

    /// <summary>The key the hub files a fiche's incident under: the migration and the live bridge give the same, so a
    /// migrated fiche reported live updates its incident.</summary>
    public static string IncidentKey(string codeCentre, string numeroFiche) =>
        $"fr.police.{codeCentre.Trim().ToLowerInvariant()}.{numeroFiche.Trim()}";

    public FicheOutcome Map(PegaseFiche fiche)
    {
        if (Refuse(fiche) is { } reject) return new FicheOutcome(null, [], reject);

        var flags = new List<(MigrationFlag Flag, string Detail)>();
        var callAt = LocalInstant(fiche.DateAppel, "date_appel", flags);
        var updatedAt = LocalInstant(fiche.DateMaj, "date_maj", flags);
        var provenance = new Provenance(fiche.CodeCentre.Trim(), updatedAt, Format, fiche.IdFiche.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var incident = new Incident
        {
            Identity = { PegaseNumber = fiche.NumeroFiche.Trim() },
            CreatedAt = callAt,
            Qualification = Qualify(fiche, provenance, flags),
            Location = Locate(fiche, provenance, flags),
        };
        incident.Alerts.Add(new Alert
        {
            Id = incident.Identity.PegaseNumber,
            ReceivedAt = callAt,
            Caller = Caller(fiche, flags),
            CallTaker = fiche.MatriculeOperateur is { } matricule
                ? new CallTaker { ControlRoom = fiche.CodeCentre.Trim(), CallTakerId = matricule.Trim() }
                : null,
            Provenance = provenance,
        });
        if (fiche.MatriculeOperateur is null) flags.Add((MigrationFlag.UnknownCallTaker, "id_operateur names no operateur"));
        if (Text(fiche.Observations, "observations", flags) is { } observations)
            incident.Notes.Add(new Note { CreatedAt = updatedAt, Text = observations, Provenance = provenance });
        foreach (var (column, size, value) in Truncatable)
        {
            if (value(fiche)?.TrimEnd().Length == size) flags.Add((MigrationFlag.PossiblyTruncated, column));
        }
        FicheChildren.Engage(incident, fiche, provenance, flags);
        FicheChildren.Involve(incident, fiche, provenance, flags);
        FicheChildren.Chronicle(incident, fiche, provenance, flags);
        incident.Timeline.Add(new TimelineEntry { At = updatedAt, Kind = "pegase-last-update", Provenance = provenance });
        foreach (var (flag, detail) in flags)
            incident.CustomDetails.Add(new CustomDetail { Key = FlagKey, Value = flag.ToString(), FreeText = detail });
        return new FicheOutcome(incident, flags.Select(f => f.Flag).ToList(), null);
    }

    private PegaseReject? Refuse(PegaseFiche fiche)
    {
        var at = $"fiche[{fiche.IdFiche}]";
        if (string.IsNullOrWhiteSpace(fiche.NumeroFiche))
            return new PegaseReject(PegaseRejectKind.NoNumber, $"{at}.numero_fiche", "blank numero_fiche");
        if (fiche.Departement is null)
            return new PegaseReject(PegaseRejectKind.OrphanCentre, $"{at}.code_centre", $"no centre '{fiche.CodeCentre.Trim()}'");
        if (fiche.PremiereFiche != fiche.IdFiche)
            return new PegaseReject(PegaseRejectKind.Duplicate, $"{at}.numero_fiche",
                $"numero_fiche '{fiche.NumeroFiche.Trim()}' already carried by fiche {fiche.PremiereFiche}");
        if (fiche.DateAppel < FirstPossibleCall)
            return new PegaseReject(PegaseRejectKind.ImpossibleDate, $"{at}.date_appel", $"{fiche.DateAppel:yyyy-MM-dd HH:mm:ss} is before Pégase existed");
        if (fiche.DateAppel > fiche.DateMaj)
            return new PegaseReject(PegaseRejectKind.ImpossibleDate, $"{at}.date_appel", $"{fiche.DateAppel:yyyy-MM-dd HH:mm:ss} is after the fiche's last update {fiche.DateMaj:yyyy-MM-dd HH:mm:ss}");
        if (ParisLocalTime.Resolve(fiche.DateMaj, out _) > clock.GetUtcNow())
            return new PegaseReject(PegaseRejectKind.ImpossibleDate, $"{at}.date_maj", $"{fiche.DateMaj:yyyy-MM-dd HH:mm:ss} is in the future");
        return null;
    }

    internal static DateTimeOffset LocalInstant(DateTime local, string column, List<(MigrationFlag, string)> flags)
    {
        var instant = ParisLocalTime.Resolve(local, out var resolution);
        if (resolution == LocalTimeResolution.AmbiguousAutumnHour) flags.Add((MigrationFlag.AmbiguousAutumnHour, $"{column} {local:yyyy-MM-dd HH:mm:ss} taken as {instant:O}"));
        if (resolution == LocalTimeResolution.MissingSpringHour) flags.Add((MigrationFlag.MissingSpringHour, $"{column} {local:yyyy-MM-dd HH:mm:ss} taken as {instant:O}"));
        return instant;
    }

    private static Qualification Qualify(PegaseFiche fiche, Provenance provenance, List<(MigrationFlag, string)> flags)
    {
        var qualification = new Qualification { Provenance = provenance };
        if (NatureMap.Shipped.Find(fiche.CodeNature) is { } mapping)
        {
            var fait = Nomenclatures.Get(Nomenclatures.NatureDeFait);
            qualification.Nature = new CodedValue { Code = mapping.CisuCode, Label = fait.LabelOf(mapping.CisuCode), Unlisted = !fait.Contains(mapping.CisuCode) };
        }
        else
        {
            flags.Add((MigrationFlag.UnmappedNature, $"code_nature '{fiche.CodeNature?.Trim()}'"));
        }
        return qualification;
    }

    private static IncidentLocation Locate(PegaseFiche fiche, Provenance provenance, List<(MigrationFlag, string)> flags)
    {
        var location = new IncidentLocation { Country = "FR", Provenance = provenance };
        if (Text(fiche.Adresse, "adresse", flags) is { } address) location.Address = new Address { Complete = address };
        var name = Text(fiche.CommuneNom, "commune_nom", flags);
        if (CommuneDirectory.Shipped.Resolve(fiche.CommuneInsee) is { } commune)
        {
            location.Commune = new Commune { InseeCode = commune.InseeCode, Name = commune.Name ?? name };
            if (commune.Kind == CommuneCodeKind.PostalCode) flags.Add((MigrationFlag.PostalCodeAsInsee, $"commune_insee '{fiche.CommuneInsee!.Trim()}' is the postal code of {commune.InseeCode}"));
            if (commune.Kind == CommuneCodeKind.MergedCommune) flags.Add((MigrationFlag.MergedCommune, $"commune_insee '{fiche.CommuneInsee!.Trim()}' merged into {commune.InseeCode}"));
        }
        else if (name is not null)
        {
            location.Commune = new Commune { Name = name };
        }
        location.Point = Point(fiche.CoordX, fiche.CoordY, fiche.CoordSysteme, "", flags);
        return location;
    }

    /// <summary>A Lambert coordinate pair as a WGS-84 point; <paramref name="where"/> prefixes the flags' text for a
    /// row other than the fiche (<c>position_vehicule[ID] </c>).</summary>
    internal static GeoPoint? Point(decimal? coordX, decimal? coordY, string? coordSysteme, string where, List<(MigrationFlag, string)> flags)
    {
        if (coordX is not { } x || coordY is not { } y || (x == 0 && y == 0))
        {
            flags.Add((MigrationFlag.NoCoordinates, $"{where}coord_x/coord_y missing or zero"));
            return null;
        }
        var system = CoordinateSystems.Declared(coordSysteme);
        if (system is null)
        {
            system = CoordinateSystems.ByRange(x, y);
            if (system is null)
            {
                flags.Add((MigrationFlag.CoordinatesOutOfRange, $"{where}({x}, {y}) is in neither Lambert system"));
                return null;
            }
            flags.Add((MigrationFlag.CoordinateSystemInferred, $"{where}coord_systeme blank: {system} by the coordinates' range"));
        }
        var (longitude, latitude) = LambertProjection.ToWgs84(system.Value, (double)x, (double)y);
        if (!CoordinateSystems.InMetropolitanFrance(longitude, latitude))
        {
            flags.Add((MigrationFlag.CoordinatesOutOfRange, $"{where}({x}, {y}) {system} falls outside metropolitan France"));
            return null;
        }
        // Six decimals: 0.1 m, below the centimetre coordinates Pégase stores once reprojected to a few metres.
        return new GeoPoint { Latitude = Math.Round((decimal)latitude, 6), Longitude = Math.Round((decimal)longitude, 6), Precision = "EXACTE" };
    }

    private static Caller? Caller(PegaseFiche fiche, List<(MigrationFlag, string)> flags)
    {
        var name = Text(fiche.AppelantNom, "appelant_nom", flags);
        var phone = Text(fiche.AppelantTelephone, "appelant_telephone", flags);
        var holder = Text(fiche.TitulaireLigne, "titulaire_ligne", flags);
        if (name is null && phone is null && holder is null) return null;
        return new Caller
        {
            Name = name is null ? null : new PersonName { Complete = name },
            Contact = phone is null ? null : new Contact { Type = "TEL", Detail = phone },
            FreeText = holder is null ? null : $"titulaire de la ligne : {holder}",
        };
    }

    internal static string? Text(string? value, string column, List<(MigrationFlag, string)> flags)
    {
        var text = LegacyText.Clean(value, out var repaired);
        if (repaired) flags.Add((MigrationFlag.TextRepaired, column));
        return text;
    }
}
