using System.Text;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using Npgsql;
using NpgsqlTypes;

namespace MCIC2.Interop.Simulators.PegaseGenerator;

/// <summary>
/// Writes the rows hanging off each fiche as the fiches are drawn: its interventions (a crew of its centre, the
/// request, arrival and end in local time, a position of the crew's vehicle on arrival), its persons and its history.
/// One binary COPY per table, each on a connection of its own (PostgreSQL runs one COPY per connection), all fed from
/// one seeded <see cref="Random"/> in fiche order: the same seed gives the same rows. About 2.7 child rows per fiche;
/// the dirt in the proportions docs/pegase-legacy.md lists under "The generator".
/// </summary>
public sealed class FicheChildWriters : IAsyncDisposable
{
    public const int VehiclesPerCentre = 40;
    public const int CrewsPerCentre = 50;

    /// <summary>id_fiche of an orphan row: Pégase saved it before its fiche, which was never saved (0, the int default).</summary>
    public const int MissingFiche = 0;

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private static readonly string[] LastNames = ["Le Guével", "Martin", "Bernard", "Lefèvre", "Moreau", "Hélias", "Dupont", "Nguyen", "Benali", "Rousseau"];
    private static readonly string[] FirstNames = ["Anaïs", "Jérôme", "Léa", "François", "Inès", "Noël", "Zoé", "Mathéo", "Chloé", "Hugo"];
    private static readonly string[] Fields = ["code_nature", "adresse", "observations", "id_operateur"];

    private readonly List<NpgsqlConnection> _connections;
    private readonly NpgsqlBinaryImporter _interventions, _positions, _personnes, _historique;
    private readonly Random _random;
    private int _intervention, _position, _personne, _historiqueId;

    private FicheChildWriters(List<NpgsqlConnection> connections, NpgsqlBinaryImporter[] importers, Random random) =>
        (_connections, _interventions, _positions, _personnes, _historique, _random) = (connections, importers[0], importers[1], importers[2], importers[3], random);

    /// <summary>Crew <paramref name="k"/> of centre <paramref name="centre"/>: ids by centre; crews 40–46 share the
    /// first vehicles (another shift), 47 and 48 have none, 49 names a vehicle that does not exist.</summary>
    public static (int Id, int? Vehicle) Crew(int centre, int k) => (centre * CrewsPerCentre + k + 1, k switch
    {
        < 40 => centre * VehiclesPerCentre + k + 1,
        < 47 => centre * VehiclesPerCentre + k - 40 + 1,
        < 49 => null,
        _ => 9_999,
    });

    public static async Task<FicheChildWriters> OpenAsync(string connectionString, Random random, CancellationToken cancellationToken)
    {
        string[] copies =
        [
            "COPY intervention (id_intervention, id_fiche, id_equipage, date_demande, date_arrivee, date_fin) FROM STDIN (FORMAT BINARY)",
            "COPY position_vehicule (id_position, id_vehicule, date_position, coord_x, coord_y, coord_systeme) FROM STDIN (FORMAT BINARY)",
            "COPY personne (id_personne, id_fiche, qualite, nom, prenom, date_naissance) FROM STDIN (FORMAT BINARY)",
            "COPY fiche_historique (id_historique, id_fiche, date_maj, id_operateur, champ, ancienne_valeur, nouvelle_valeur) FROM STDIN (FORMAT BINARY)",
        ];
        var connections = new List<NpgsqlConnection>();
        var importers = new NpgsqlBinaryImporter[copies.Length];
        for (var i = 0; i < copies.Length; i++)
        {
            var connection = new NpgsqlConnection(connectionString);
            connections.Add(connection);
            await connection.OpenAsync(cancellationToken);
            importers[i] = await connection.BeginBinaryImportAsync(copies[i], cancellationToken);
        }
        return new FicheChildWriters(connections, importers, random);
    }

    /// <summary>The children of one fiche (and now and then an orphan row), near the centre's city.</summary>
    public async Task WriteAsync(PegaseFiche fiche, int centre, double longitude, double latitude, CancellationToken cancellationToken)
    {
        var random = _random;
        var interventions = random.NextDouble() switch { < 0.30 => 0, < 0.85 => 1, _ => 2 };
        for (var n = 0; n < interventions; n++) await InterventionAsync(fiche.IdFiche, fiche.DateAppel, centre, longitude, latitude, cancellationToken);
        if (random.NextDouble() < 0.002) await InterventionAsync(MissingFiche, fiche.DateAppel, centre, longitude, latitude, cancellationToken);

        var persons = random.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, _ => 2 };
        for (var n = 0; n < persons; n++) await PersonneAsync(fiche.IdFiche, fiche.DateAppel, cancellationToken);
        if (random.NextDouble() < 0.001) await PersonneAsync(MissingFiche, fiche.DateAppel, cancellationToken);

        var updates = random.NextDouble() switch { < 0.60 => 0, < 0.90 => 1, _ => 2 };
        for (var n = 0; n < updates; n++) await HistoriqueAsync(fiche, centre, last: n == updates - 1, fiche.IdFiche, cancellationToken);
        if (random.NextDouble() < 0.001) await HistoriqueAsync(fiche, centre, last: false, MissingFiche, cancellationToken);
    }

    private async Task InterventionAsync(int idFiche, DateTime call, int centre, double longitude, double latitude, CancellationToken cancellationToken)
    {
        var random = _random;
        var (crew, vehicle) = Crew(centre, random.Next(CrewsPerCentre));
        if (random.NextDouble() < 0.005) crew = 9_999; // a crew that does not exist
        // Within minutes of the call: a call in a daylight-saving hour gives requests (and arrivals) in it too.
        var requested = call.AddMinutes(random.Next(1, 20));
        DateTime? arrived = random.NextDouble() < 0.10 ? null : requested.AddMinutes(random.Next(3, 30));
        if (random.NextDouble() < 0.01) arrived = requested.AddMinutes(-random.Next(5, 60)); // typed wrong: before the request
        DateTime? ended = random.NextDouble() < 0.05 ? null : (arrived ?? requested).AddMinutes(random.Next(10, 120));

        await _interventions.StartRowAsync(cancellationToken);
        await _interventions.WriteAsync(++_intervention, NpgsqlDbType.Integer, cancellationToken);
        await _interventions.WriteAsync(idFiche, NpgsqlDbType.Integer, cancellationToken);
        await _interventions.WriteAsync(crew, NpgsqlDbType.Integer, cancellationToken);
        await _interventions.WriteAsync(requested, NpgsqlDbType.Timestamp, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_interventions, arrived, NpgsqlDbType.Timestamp, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_interventions, ended, NpgsqlDbType.Timestamp, cancellationToken);

        if (vehicle is null or 9_999 || crew == 9_999) return;
        // Where the vehicle was on arrival (or on the request when it never arrived), in the system of its time.
        var seen = arrived is { } a && a >= requested ? a : requested;
        var system = seen < PegaseDatabaseFiller.LambertIIEtenduUntil ? LambertSystem.LambertIIEtendu : LambertSystem.Lambert93;
        var (x, y) = LambertProjection.FromWgs84(system, longitude + (random.NextDouble() - 0.5) * 0.08, latitude + (random.NextDouble() - 0.5) * 0.05);
        decimal? coordX = Math.Round((decimal)x, 2), coordY = Math.Round((decimal)y, 2);
        string? coordSystem = system == LambertSystem.LambertIIEtendu ? "L2E" : "L93";
        var dirt = random.NextDouble();
        if (dirt < 0.02) (coordX, coordY) = (0m, 0m); // the box had no fix
        else if (dirt < 0.07) coordSystem = null;

        await _positions.StartRowAsync(cancellationToken);
        await _positions.WriteAsync(++_position, NpgsqlDbType.Integer, cancellationToken);
        await _positions.WriteAsync(vehicle.Value, NpgsqlDbType.Integer, cancellationToken);
        await _positions.WriteAsync(seen, NpgsqlDbType.Timestamp, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_positions, coordX, NpgsqlDbType.Numeric, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_positions, coordY, NpgsqlDbType.Numeric, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_positions, coordSystem, NpgsqlDbType.Char, cancellationToken);
    }

    private async Task PersonneAsync(int idFiche, DateTime call, CancellationToken cancellationToken)
    {
        var random = _random;
        var role = random.NextDouble() switch { < 0.50 => "V", < 0.78 => "T", < 0.96 => "M", < 0.99 => "v", _ => "X" }; // case-insensitive collation: 'v' is V
        var last = LastNames[random.Next(LastNames.Length)];
        if (random.NextDouble() < 0.02) last = Windows1252.GetString(Encoding.UTF8.GetBytes(last)); // Le GuÃ©vel
        var first = random.NextDouble() < 0.1 ? null : FirstNames[random.Next(FirstNames.Length)];
        var birthDirt = random.NextDouble();
        DateTime? born = birthDirt < 0.10 ? null : birthDirt < 0.11 ? new DateTime(1900, 1, 1) : call.AddDays(-random.Next(200, 33_000)).Date;

        await _personnes.StartRowAsync(cancellationToken);
        await _personnes.WriteAsync(++_personne, NpgsqlDbType.Integer, cancellationToken);
        await _personnes.WriteAsync(idFiche, NpgsqlDbType.Integer, cancellationToken);
        await _personnes.WriteAsync(role, NpgsqlDbType.Char, cancellationToken);
        await _personnes.WriteAsync(last.ToUpperInvariant(), NpgsqlDbType.Varchar, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_personnes, first, NpgsqlDbType.Varchar, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_personnes, born, NpgsqlDbType.Timestamp, cancellationToken);
    }

    /// <summary>An update of the fiche between its call and its last update (the last one at it).</summary>
    private async Task HistoriqueAsync(PegaseFiche fiche, int centre, bool last, int idFiche, CancellationToken cancellationToken)
    {
        var random = _random;
        var span = Math.Max(1, (int)(fiche.DateMaj - fiche.DateAppel).TotalMinutes);
        var at = last ? fiche.DateMaj : fiche.DateAppel.AddMinutes(random.Next(span));
        var field = Fields[random.Next(Fields.Length)];
        var (before, after) = field switch
        {
            "code_nature" => ("DIVERS", fiche.CodeNature),
            "adresse" => ("adresse à préciser", fiche.Adresse),
            "observations" => (null, "Requérant rappelé, équipage sur place"),
            _ => ($"{1 + centre * PegaseDatabaseFiller.CallTakersPerCentre}", $"{2 + centre * PegaseDatabaseFiller.CallTakersPerCentre}"),
        };

        await _historique.StartRowAsync(cancellationToken);
        await _historique.WriteAsync(++_historiqueId, NpgsqlDbType.Integer, cancellationToken);
        await _historique.WriteAsync(idFiche, NpgsqlDbType.Integer, cancellationToken);
        await _historique.WriteAsync(at, NpgsqlDbType.Timestamp, cancellationToken);
        await _historique.WriteAsync(1 + centre * PegaseDatabaseFiller.CallTakersPerCentre + random.Next(PegaseDatabaseFiller.CallTakersPerCentre), NpgsqlDbType.Integer, cancellationToken);
        await _historique.WriteAsync(field, NpgsqlDbType.Varchar, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_historique, before, NpgsqlDbType.Varchar, cancellationToken);
        await PegaseDatabaseFiller.WriteAsync(_historique, after, NpgsqlDbType.Varchar, cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var importer in new[] { _interventions, _positions, _personnes, _historique })
            await importer.CompleteAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var importer in new[] { _interventions, _positions, _personnes, _historique })
            await importer.DisposeAsync();
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}
