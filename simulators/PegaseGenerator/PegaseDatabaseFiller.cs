using System.Text;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Natures;
using MCIC2.Interop.Adapters.Pegase.Source;
using Npgsql;
using NpgsqlTypes;

namespace MCIC2.Interop.Simulators.PegaseGenerator;

/// <summary>
/// Creates the Pégase tables (Sql/pegase.postgres.sql) in an empty database and fills them: four centres, their
/// call-takers, the nature codes and <c>rows</c> fiches carrying the dirt of docs/pegase-legacy.md in fixed
/// proportions. Everything comes from one seeded <see cref="Random"/> and fixed dates (2007–2025): the same seed
/// gives the same database, byte for byte.
/// </summary>
public static class PegaseDatabaseFiller
{
    private sealed record Centre(string Code, string Departement, string Commune, string Insee, double Longitude, double Latitude);

    private static readonly Centre[] Centres =
    [
        new("CIC35", "035", "Rennes", "35238", -1.6778, 48.1173),
        new("CIC44", "044", "Nantes", "44109", -1.5536, 47.2184),
        new("CIC69", "069", "Lyon 3e Arrondissement", "69383", 4.8357, 45.7640),
        new("CIC75", "075", "Paris 11e Arrondissement", "75111", 2.3795, 48.8590),
    ];

    internal const int CallTakersPerCentre = 20;
    private static readonly DateTime FirstCall = new(2007, 1, 1);
    internal static readonly DateTime LambertIIEtenduUntil = new(2012, 1, 1);
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static async Task FillAsync(string connectionString, int rows, int seed, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var ddl = new NpgsqlCommand(PegaseSource.Schema(sqlServer: false), connection))
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        await WriteReferenceTablesAsync(connection, cancellationToken);
        await WriteFleetAsync(connection, cancellationToken);
        // The children come from a Random of their own: the fiches are the same whether or not children are drawn.
        await using var children = await FicheChildWriters.OpenAsync(connectionString, new Random(unchecked(seed * 7919 + 17)), cancellationToken);
        await WriteFichesAsync(connection, rows, new Random(seed), children, cancellationToken);
        await children.CompleteAsync(cancellationToken);
    }

    /// <summary>The vehicles and crews of each centre (FicheChildWriters.Crew says which crew has which vehicle).</summary>
    private static async Task WriteFleetAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var vehicules = await connection.BeginBinaryImportAsync("COPY vehicule (id_vehicule, immatriculation, type_vehicule) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var id = 1; id <= Centres.Length * FicheChildWriters.VehiclesPerCentre; id++)
            {
                await vehicules.StartRowAsync(cancellationToken);
                await vehicules.WriteAsync(id, NpgsqlDbType.Integer, cancellationToken);
                // Every tenth an unmarked car without a plate on file.
                await WriteAsync(vehicules, id % 10 == 0 ? null : $"{(char)('A' + id % 26)}{(char)('B' + id % 23)}-{100 + id:D3}-{(char)('C' + id % 21)}{(char)('D' + id % 19)}", NpgsqlDbType.Varchar, cancellationToken);
                await vehicules.WriteAsync(VehicleTypes[id % VehicleTypes.Length], NpgsqlDbType.Varchar, cancellationToken);
            }
            await vehicules.CompleteAsync(cancellationToken);
        }
        await using var equipages = await connection.BeginBinaryImportAsync("COPY equipage (id_equipage, code_centre, indicatif, id_vehicule) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var c = 0; c < Centres.Length; c++)
        {
            for (var k = 0; k < FicheChildWriters.CrewsPerCentre; k++)
            {
                var crew = FicheChildWriters.Crew(c, k);
                await equipages.StartRowAsync(cancellationToken);
                await equipages.WriteAsync(crew.Id, NpgsqlDbType.Integer, cancellationToken);
                await equipages.WriteAsync(Centres[c].Code, NpgsqlDbType.Char, cancellationToken);
                await equipages.WriteAsync($"TN {Centres[c].Departement[1..]}-{k + 1:D2}", NpgsqlDbType.Varchar, cancellationToken);
                await WriteAsync(equipages, crew.Vehicle, NpgsqlDbType.Integer, cancellationToken);
            }
        }
        await equipages.CompleteAsync(cancellationToken);
    }

    private static readonly string[] VehicleTypes = ["VL sérigraphiée", "VL banalisée", "Fourgon", "Moto", "Car PS"];

    private static async Task WriteReferenceTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var centres = await connection.BeginBinaryImportAsync("COPY centre (code_centre, libelle, departement) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var centre in Centres)
            {
                await centres.StartRowAsync(cancellationToken);
                await centres.WriteAsync(centre.Code, NpgsqlDbType.Char, cancellationToken);
                await centres.WriteAsync($"CIC de {centre.Commune}", NpgsqlDbType.Varchar, cancellationToken);
                await centres.WriteAsync(centre.Departement, NpgsqlDbType.Char, cancellationToken);
            }
            await centres.CompleteAsync(cancellationToken);
        }
        await using (var operateurs = await connection.BeginBinaryImportAsync("COPY operateur (id_operateur, code_centre, matricule, nom) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < Centres.Length * CallTakersPerCentre; i++)
            {
                await operateurs.StartRowAsync(cancellationToken);
                await operateurs.WriteAsync(i + 1, NpgsqlDbType.Integer, cancellationToken);
                await operateurs.WriteAsync(Centres[i / CallTakersPerCentre].Code, NpgsqlDbType.Char, cancellationToken);
                await operateurs.WriteAsync($"OP{i + 1:D4}", NpgsqlDbType.Varchar, cancellationToken);
                await operateurs.WriteAsync($"Opérateur {i + 1}", NpgsqlDbType.Varchar, cancellationToken);
            }
            await operateurs.CompleteAsync(cancellationToken);
        }
        await using var natures = await connection.BeginBinaryImportAsync("COPY nature_pegase (code_nature, libelle) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var nature in NatureMap.Shipped.Mappings.OrderBy(m => m.PegaseCode, StringComparer.Ordinal))
        {
            await natures.StartRowAsync(cancellationToken);
            await natures.WriteAsync(nature.PegaseCode, NpgsqlDbType.Varchar, cancellationToken);
            await natures.WriteAsync(nature.PegaseLabel, NpgsqlDbType.Varchar, cancellationToken);
        }
        await natures.CompleteAsync(cancellationToken);
    }

    private static async Task WriteFichesAsync(NpgsqlConnection connection, int rows, Random random, FicheChildWriters children, CancellationToken cancellationToken)
    {
        var natureCodes = NatureMap.Shipped.Mappings.Select(m => m.PegaseCode).Order(StringComparer.Ordinal).ToArray();
        const string copy = """
            COPY fiche (id_fiche, numero_fiche, code_centre, date_appel, id_operateur, code_nature, appelant_nom, appelant_telephone,
                        titulaire_ligne, adresse, commune_insee, commune_nom, coord_x, coord_y, coord_systeme, observations, date_maj)
            FROM STDIN (FORMAT BINARY)
            """;
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        var previousNumber = "";
        for (var id = 1; id <= rows; id++)
        {
            var (fiche, callTaker, centre) = Generate(id, random, natureCodes, previousNumber);
            previousNumber = fiche.NumeroFiche;
            await children.WriteAsync(fiche, Array.IndexOf(Centres, centre), centre.Longitude, centre.Latitude, cancellationToken);
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(fiche.IdFiche, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(fiche.NumeroFiche, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(fiche.CodeCentre, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(fiche.DateAppel, NpgsqlDbType.Timestamp, cancellationToken);
            await writer.WriteAsync(callTaker, NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(writer, fiche.CodeNature, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.AppelantNom, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.AppelantTelephone, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.TitulaireLigne, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.Adresse, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.CommuneInsee, NpgsqlDbType.Char, cancellationToken);
            await WriteAsync(writer, fiche.CommuneNom, NpgsqlDbType.Varchar, cancellationToken);
            await WriteAsync(writer, fiche.CoordX, NpgsqlDbType.Numeric, cancellationToken);
            await WriteAsync(writer, fiche.CoordY, NpgsqlDbType.Numeric, cancellationToken);
            await WriteAsync(writer, fiche.CoordSysteme, NpgsqlDbType.Char, cancellationToken);
            await WriteAsync(writer, fiche.Observations, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(fiche.DateMaj, NpgsqlDbType.Timestamp, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    internal static async Task WriteAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null) await writer.WriteNullAsync(cancellationToken);
        else await writer.WriteAsync(value, type, cancellationToken);
    }

    /// <summary>One fiche and its id_operateur. The dirt proportions are those docs/pegase-legacy.md lists under
    /// "The generator".</summary>
    private static (PegaseFiche Fiche, int CallTaker, Centre Centre) Generate(int id, Random random, string[] natureCodes, string previousNumber)
    {
        var orphan = random.NextDouble() < 0.005;
        var centre = Centres[random.Next(Centres.Length)];
        var call = FirstCall.AddSeconds(random.NextInt64((long)(new DateTime(2026, 1, 1) - FirstCall).TotalSeconds));
        if (random.NextDouble() < 0.003) call = DaylightSavingHour(call.Year, autumn: random.Next(2) == 0, random);
        var updated = call.AddMinutes(random.Next(1, 600));
        var dateDirt = random.NextDouble();
        if (dateDirt < 0.003) call = new DateTime(1900, 1, 1);
        else if (dateDirt < 0.005) updated = call.AddDays(-1);

        var numberDirt = random.NextDouble();
        var number = numberDirt < 0.002 ? "" : numberDirt < 0.012 && previousNumber.Length > 0 ? previousNumber : $"{centre.Departement}-{call.Year}-{id:D7}";

        // A point within ~3 km of the centre's city, in the system of its time; some blank, some missing or zero.
        var longitude = centre.Longitude + (random.NextDouble() - 0.5) * 0.08;
        var latitude = centre.Latitude + (random.NextDouble() - 0.5) * 0.05;
        var system = call < LambertIIEtenduUntil ? LambertSystem.LambertIIEtendu : LambertSystem.Lambert93;
        var (x, y) = LambertProjection.FromWgs84(system, longitude, latitude);
        decimal? coordX = Math.Round((decimal)x, 2), coordY = Math.Round((decimal)y, 2);
        string? coordSystem = system == LambertSystem.LambertIIEtendu ? "L2E" : "L93";
        var coordinateDirt = random.NextDouble();
        if (coordinateDirt < 0.03) (coordX, coordY) = (null, null);
        else if (coordinateDirt < 0.05) (coordX, coordY) = (0m, 0m);
        else if (coordinateDirt < 0.06) (coordX, coordY) = (coordX / 1000, coordY / 1000); // typed in kilometres
        else if (coordinateDirt < 0.11) coordSystem = null;

        var communeDirt = random.NextDouble();
        var insee = communeDirt < 0.02 ? PostalCodeOf(centre) : communeDirt < 0.03 ? "74011" : centre.Insee;

        var observations = $"Appel pour {centre.Commune.ToLowerInvariant()}, requérant sur place, intervention demandée à {call:HH}h{call:mm}";
        var textDirt = random.NextDouble();
        if (textDirt < 0.02) observations = Windows1252.GetString(Encoding.UTF8.GetBytes("Véhicule arrêté, témoin à l'écart, équipage prévenu"));
        else if (textDirt < 0.03) observations = (observations + " ; " + observations + " ; " + observations + " ; " + observations)[..255];

        var callTaker = random.NextDouble() < 0.01 ? 9999 : 1 + Array.IndexOf(Centres, centre) * CallTakersPerCentre + random.Next(CallTakersPerCentre);
        return (new PegaseFiche
        {
            IdFiche = id,
            NumeroFiche = number,
            CodeCentre = orphan ? "CIC99" : centre.Code,
            DateAppel = call,
            DateMaj = updated,
            CodeNature = random.NextDouble() < 0.01 ? "XXX" : natureCodes[random.Next(natureCodes.Length)],
            AppelantNom = $"Requérant {random.Next(100_000)}",
            AppelantTelephone = $"06{random.Next(100_000_000):D8}",
            TitulaireLigne = random.NextDouble() < 0.3 ? $"Titulaire {random.Next(100_000)}" : null,
            Adresse = $"{random.Next(1, 200)} rue {StreetNames[random.Next(StreetNames.Length)]}",
            CommuneInsee = insee,
            CommuneNom = centre.Commune,
            CoordX = coordX,
            CoordY = coordY,
            CoordSysteme = coordSystem,
            Observations = observations,
        }, callTaker, centre);
    }

    private static readonly string[] StreetNames = ["de la République", "Jean Jaurès", "Victor Hugo", "du Général de Gaulle", "de la Gare", "Pasteur", "des Écoles", "de l'Église"];

    private static string PostalCodeOf(Centre centre) => centre.Insee switch
    {
        "75111" => "75011",
        "69383" => "69003",
        "35238" => "35000",
        _ => "44000",
    };

    internal static DateTime DaylightSavingHour(int year, bool autumn, Random random)
    {
        var last = new DateTime(year, autumn ? 10 : 3, DateTime.DaysInMonth(year, autumn ? 10 : 3));
        return last.AddDays(-(int)last.DayOfWeek).AddHours(2).AddMinutes(random.Next(60)).AddSeconds(random.Next(60));
    }
}
