using System.Data.Common;
using Dapper;

namespace MCIC2.Interop.Adapters.Pegase.Source;

/// <summary>
/// Reads Pégase fiches in chunks, by ascending id_fiche after a checkpoint (keyset paging: memory stays flat whatever
/// the table's size, and a resumed job asks for what follows its last chunk). The statement is written once, valid
/// T-SQL (SQL Server 2012+, production, Microsoft.Data.SqlClient) and PostgreSQL (the tests): <c>OFFSET … FETCH</c>
/// instead of TOP/LIMIT, and no dialect function.
/// </summary>
public static class PegaseSource
{
    public const string ChunkQuery = """
        SELECT f.id_fiche AS IdFiche, f.numero_fiche AS NumeroFiche, f.code_centre AS CodeCentre, c.departement AS Departement,
               f.date_appel AS DateAppel, f.date_maj AS DateMaj, f.code_nature AS CodeNature, o.matricule AS MatriculeOperateur,
               f.appelant_nom AS AppelantNom, f.appelant_telephone AS AppelantTelephone, f.titulaire_ligne AS TitulaireLigne,
               f.adresse AS Adresse, f.commune_insee AS CommuneInsee, f.commune_nom AS CommuneNom,
               f.coord_x AS CoordX, f.coord_y AS CoordY, f.coord_systeme AS CoordSysteme, f.observations AS Observations,
               (SELECT MIN(d.id_fiche) FROM fiche d WHERE d.numero_fiche = f.numero_fiche) AS PremiereFiche
        FROM fiche f
        LEFT JOIN centre c ON c.code_centre = f.code_centre
        LEFT JOIN operateur o ON o.id_operateur = f.id_operateur
        WHERE f.id_fiche > @After
          AND (@Centre = '' OR f.code_centre = @Centre)
          AND f.date_maj >= @Since
        ORDER BY f.id_fiche
        OFFSET 0 ROWS FETCH NEXT @Batch ROWS ONLY
        """;

    /// <summary>How many fiches a run reads (the progress bar's ETA): the chunk query's selection, counted. Valid T-SQL
    /// and PostgreSQL as the chunk query is.</summary>
    public const string CountQuery = """
        SELECT COUNT(*) FROM fiche f
        WHERE f.id_fiche > @After
          AND (@Centre = '' OR f.code_centre = @Centre)
          AND f.date_maj >= @Since
        """;

    /// <summary>The number of fiches after id <paramref name="after"/> that the chunks would read.</summary>
    public static Task<long> CountAsync(DbConnection connection, int after, string? centre, DateTime? since, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(CountQuery, new ChunkParameters(after, 0, centre ?? "", since ?? AnyTime), cancellationToken: cancellationToken));

    /// <summary>The next at most <paramref name="batch"/> fiches after id <paramref name="after"/>, oldest id first.</summary>
    public static async Task<IReadOnlyList<PegaseFiche>> ReadChunkAsync(
        DbConnection connection, int after, int batch, string? centre, DateTime? since, CancellationToken cancellationToken)
    {
        var parameters = new ChunkParameters(after, batch, centre ?? "", since ?? AnyTime);
        var command = new CommandDefinition(ChunkQuery, parameters, cancellationToken: cancellationToken);
        return (await connection.QueryAsync<PegaseFiche>(command)).AsList();
    }

    /// <summary>The Pégase DDL (T-SQL, as shipped in Sql/pegase.sqlserver.sql) or its PostgreSQL twin.</summary>
    public static string Schema(bool sqlServer)
    {
        var name = sqlServer ? "pegase.sqlserver.sql" : "pegase.postgres.sql";
        using var stream = typeof(PegaseSource).Assembly.GetManifestResourceStream($"Pegase/Sql/{name}")
            ?? throw new InvalidOperationException($"Pegase/Sql/{name} is not embedded");
        return new StreamReader(stream).ReadToEnd();
    }

    // No null parameters: PostgreSQL cannot type an untyped null (42P08), and a CAST that both dialects accept does
    // not exist for datetime. "All centres" is '' and "since ever" a date before any fiche.
    private static readonly DateTime AnyTime = new(1753, 1, 1);

    private sealed record ChunkParameters(int After, int Batch, string Centre, DateTime Since);
}
