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
          AND (f.date_maj >= @Since
               OR EXISTS (SELECT 1 FROM fiche_historique h WHERE h.id_fiche = f.id_fiche AND h.date_maj >= @Since)
               OR EXISTS (SELECT 1 FROM intervention i WHERE i.id_fiche = f.id_fiche
                          AND (i.date_demande >= @Since OR i.date_arrivee >= @Since OR i.date_fin >= @Since)))
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

    // The children of a chunk's id range, one statement per table (never one per fiche). The vehicle's position is
    // its last one between the request and the end (or the arrival, or the request itself): where the crew was last
    // seen on this intervention; a position of another intervention is not this one's.
    public const string InterventionQuery = """
        SELECT i.id_intervention AS IdIntervention, i.id_fiche AS IdFiche, i.id_equipage AS IdEquipage,
               i.date_demande AS DateDemande, i.date_arrivee AS DateArrivee, i.date_fin AS DateFin,
               e.indicatif AS Indicatif, e.id_vehicule AS IdVehicule, v.immatriculation AS Immatriculation, v.type_vehicule AS TypeVehicule,
               p.id_position AS IdPosition, p.date_position AS DatePosition, p.coord_x AS CoordX, p.coord_y AS CoordY, p.coord_systeme AS CoordSysteme
        FROM intervention i
        LEFT JOIN equipage e ON e.id_equipage = i.id_equipage
        LEFT JOIN vehicule v ON v.id_vehicule = e.id_vehicule
        LEFT JOIN position_vehicule p ON p.id_position = (
            SELECT MAX(q.id_position) FROM position_vehicule q
            WHERE q.id_vehicule = e.id_vehicule
              AND q.date_position = (SELECT MAX(r.date_position) FROM position_vehicule r
                                     WHERE r.id_vehicule = e.id_vehicule AND r.date_position >= i.date_demande
                                       AND r.date_position <= COALESCE(i.date_fin, i.date_arrivee, i.date_demande)))
        WHERE i.id_fiche > @From AND i.id_fiche <= @To
        ORDER BY i.id_fiche, i.id_intervention
        """;

    public const string PersonneQuery = """
        SELECT p.id_personne AS IdPersonne, p.id_fiche AS IdFiche, p.qualite AS Qualite, p.nom AS Nom, p.prenom AS Prenom,
               p.date_naissance AS DateNaissance
        FROM personne p
        WHERE p.id_fiche > @From AND p.id_fiche <= @To
        ORDER BY p.id_fiche, p.id_personne
        """;

    public const string HistoriqueQuery = """
        SELECT h.id_historique AS IdHistorique, h.id_fiche AS IdFiche, h.date_maj AS DateMaj, o.matricule AS MatriculeOperateur,
               h.champ AS Champ, h.ancienne_valeur AS AncienneValeur, h.nouvelle_valeur AS NouvelleValeur
        FROM fiche_historique h
        LEFT JOIN operateur o ON o.id_operateur = h.id_operateur
        WHERE h.id_fiche > @From AND h.id_fiche <= @To
        ORDER BY h.id_fiche, h.id_historique
        """;

    /// <summary>
    /// The next chunk after id <paramref name="after"/>: at most <paramref name="batch"/> fiches with their children.
    /// The children are read for the chunk's whole id range (after, last fiche]; when the whole source is read (no
    /// centre, no date), a child in that range without a fiche is an orphan — the first chunk's range starts below
    /// every id (a row saved with id_fiche 0), and once the fiches are read, one last chunk without fiches holds the
    /// orphans after the last fiche (read in one go: a handful) and ends at <see cref="int.MaxValue"/>.
    /// </summary>
    public static async Task<PegaseChunk> ReadAsync(
        DbConnection connection, int after, int batch, string? centre, DateTime? since, CancellationToken cancellationToken)
    {
        var wholeSource = centre is null && since is null;
        var fiches = after == int.MaxValue ? [] : await ReadChunkAsync(connection, after, batch, centre, since, cancellationToken);
        if (fiches.Count == 0 && !wholeSource) return new PegaseChunk([], [], after, after);
        var from = after == 0 ? int.MinValue : after;
        var to = fiches.Count == 0 ? int.MaxValue : fiches[^1].IdFiche;
        if (from == to) return new PegaseChunk([], [], after, after);
        var range = new ChildRange(from, to);
        var interventions = await QueryAsync<PegaseIntervention>(connection, InterventionQuery, range, cancellationToken);
        var personnes = await QueryAsync<PegasePersonne>(connection, PersonneQuery, range, cancellationToken);
        var historique = await QueryAsync<PegaseHistorique>(connection, HistoriqueQuery, range, cancellationToken);

        var byId = fiches.ToDictionary(f => f.IdFiche);
        var orphans = new List<PegaseOrphan>();
        void Orphans<T>(IEnumerable<T> rows, ChildKind kind, Func<T, int> id, Func<T, int> idFiche)
        {
            if (!wholeSource) return;
            foreach (var row in rows.Where(r => !byId.ContainsKey(idFiche(r))))
                orphans.Add(new PegaseOrphan(kind, id(row), idFiche(row)));
        }
        Orphans(interventions, ChildKind.Intervention, i => i.IdIntervention, i => i.IdFiche);
        Orphans(personnes, ChildKind.Personne, p => p.IdPersonne, p => p.IdFiche);
        Orphans(historique, ChildKind.Historique, h => h.IdHistorique, h => h.IdFiche);

        var (i, p, h) = (interventions.ToLookup(r => r.IdFiche), personnes.ToLookup(r => r.IdFiche), historique.ToLookup(r => r.IdFiche));
        var withChildren = fiches.Select(f => f with { Interventions = [.. i[f.IdFiche]], Personnes = [.. p[f.IdFiche]], Historique = [.. h[f.IdFiche]] }).ToList();
        return new PegaseChunk(withChildren, orphans, from, to);
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, ChildRange range, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<T>(new CommandDefinition(sql, range, cancellationToken: cancellationToken))).AsList();

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

    private sealed record ChildRange(int From, int To);

    private sealed record ChunkParameters(int After, int Batch, string Centre, DateTime Since);
}
