using System.Data.Common;
using Dapper;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Migration;

/// <summary>What a migrated (or rejected) fiche was when last read: its content hash and its outcome.</summary>
public sealed record FicheRecord(int IdFiche, string ContentSha256, string? IncidentKey, int? RejectCode, string? RejectPath, string? RejectReason);

/// <summary>A child row (intervention, personne, fiche_historique) rejected: its table, id, fiche and reason. A migrated
/// child row has no record of its own: it is in its fiche's incident.</summary>
public sealed record ChildRecord(string Table, int Id, int IdFiche, int RejectCode, string RejectPath, string RejectReason)
{
    public static ChildRecord Of(ChildReject reject) =>
        new(ChildReject.TableOf(reject.Table), reject.Id, reject.IdFiche, (int)reject.Code, reject.Path, reject.Reason);

    /// <summary>The record as the reconciliation's checksums hash it.</summary>
    public string Line => $"{Table}[{Id}]:{IdFiche}:{RejectCode}:{RejectPath}:{RejectReason}\n";
}

/// <summary>
/// The Pégase migration's own tables in the hub's database: one row per source fiche (its hash and outcome: the
/// reconciliation's "migrated or rejected with a reason"), one per rejected child row, and the checkpoint of an
/// unfinished run.
/// </summary>
public sealed class MigrationLedger(SqlDialect dialect, string connectionString)
{
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS pegase_fiches (
            id_fiche       BIGINT NOT NULL PRIMARY KEY,
            content_sha256 TEXT NOT NULL,
            incident_key   TEXT NULL,
            reject_code    INTEGER NULL,
            reject_path    TEXT NULL,
            reject_reason  TEXT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS pegase_child_rejects (
            source_table  TEXT NOT NULL,
            id            BIGINT NOT NULL,
            id_fiche      BIGINT NOT NULL,
            reject_code   INTEGER NOT NULL,
            reject_path   TEXT NOT NULL,
            reject_reason TEXT NOT NULL,
            PRIMARY KEY (source_table, id)
        )
        """,
        "CREATE INDEX IF NOT EXISTS ix_pegase_child_rejects_fiche ON pegase_child_rejects (id_fiche)",
        """
        CREATE TABLE IF NOT EXISTS pegase_checkpoints (
            run_key       TEXT NOT NULL PRIMARY KEY,
            last_id_fiche BIGINT NOT NULL
        )
        """,
    ];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var statement in Schema)
            await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
    }

    /// <summary>Where an unfinished run with this key stopped; null when there is none (start from the first fiche).</summary>
    public async Task<int?> CheckpointAsync(string runKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var last = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT last_id_fiche FROM pegase_checkpoints WHERE run_key = @runKey", new { runKey }, cancellationToken: cancellationToken));
        return last is null ? null : (int)last.Value;
    }

    /// <summary>The content hashes recorded for the fiches from id <paramref name="first"/> to <paramref name="last"/>
    /// (a chunk: a range, because Dapper expands IN lists on SQLite but sends an array to PostgreSQL).</summary>
    public async Task<Dictionary<int, string>> HashesAsync(int first, int last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Hash)>(new CommandDefinition(
            "SELECT id_fiche, content_sha256 FROM pegase_fiches WHERE id_fiche >= @first AND id_fiche <= @last",
            new { first = (long)first, last = (long)last }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => (int)r.Id, r => r.Hash);
    }

    /// <summary>The records of the fiches from id <paramref name="first"/> to <paramref name="last"/> (the reconciliation's target side).</summary>
    public async Task<IReadOnlyList<FicheRecord>> RecordsAsync(long first, long last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Hash, string? Key, long? Code, string? Path, string? Reason)>(new CommandDefinition("""
            SELECT id_fiche, content_sha256, incident_key, reject_code, reject_path, reject_reason
            FROM pegase_fiches WHERE id_fiche >= @first AND id_fiche <= @last ORDER BY id_fiche
            """, new { first, last }, cancellationToken: cancellationToken));
        return rows.Select(r => new FicheRecord((int)r.Id, r.Hash, r.Key, (int?)r.Code, r.Path, r.Reason)).ToList();
    }

    /// <summary>The rejected child rows whose id_fiche is in (<paramref name="after"/>, <paramref name="last"/>], by table and id.</summary>
    public async Task<IReadOnlyList<ChildRecord>> ChildRecordsAsync(long after, long last, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Table, long Id, long IdFiche, long Code, string Path, string Reason)>(new CommandDefinition("""
            SELECT source_table, id, id_fiche, reject_code, reject_path, reject_reason
            FROM pegase_child_rejects WHERE id_fiche > @after AND id_fiche <= @last ORDER BY source_table, id
            """, new { after, last }, cancellationToken: cancellationToken));
        return rows.Select(r => new ChildRecord(r.Table, (int)r.Id, (int)r.IdFiche, (int)r.Code, r.Path, r.Reason)).ToList();
    }

    /// <summary>Records a chunk's outcomes and moves the checkpoint past it, in one transaction. The child rejects of
    /// the fiches recorded again are replaced (a fiche now migrated takes its children along), then
    /// <paramref name="childRejects"/> written.</summary>
    public async Task RecordChunkAsync(string runKey, IReadOnlyList<FicheRecord> records, IReadOnlyList<ChildReject> childRejects, int lastId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ReplaceChildRejectsAsync(connection, transaction, records, childRejects, cancellationToken);
        // One statement per 500 records (not one round trip per record): 3,000 parameters, under both databases' limits.
        foreach (var slice in records.Chunk(500))
        {
            var parameters = new DynamicParameters();
            var values = new List<string>(slice.Length);
            for (var i = 0; i < slice.Length; i++)
            {
                values.Add($"(@i{i}, @h{i}, @k{i}, @c{i}, @p{i}, @r{i})");
                parameters.Add($"i{i}", (long)slice[i].IdFiche);
                parameters.Add($"h{i}", slice[i].ContentSha256);
                parameters.Add($"k{i}", slice[i].IncidentKey);
                parameters.Add($"c{i}", (long?)slice[i].RejectCode);
                parameters.Add($"p{i}", slice[i].RejectPath);
                parameters.Add($"r{i}", slice[i].RejectReason);
            }
            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO pegase_fiches (id_fiche, content_sha256, incident_key, reject_code, reject_path, reject_reason)
                VALUES {string.Join(", ", values)}
                ON CONFLICT (id_fiche) DO UPDATE SET content_sha256 = excluded.content_sha256, incident_key = excluded.incident_key,
                    reject_code = excluded.reject_code, reject_path = excluded.reject_path, reject_reason = excluded.reject_reason
                """, parameters, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO pegase_checkpoints (run_key, last_id_fiche) VALUES (@runKey, @lastId)
            ON CONFLICT (run_key) DO UPDATE SET last_id_fiche = excluded.last_id_fiche
            """, new { runKey, lastId = (long)lastId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ReplaceChildRejectsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<FicheRecord> records, IReadOnlyList<ChildReject> childRejects, CancellationToken cancellationToken)
    {
        foreach (var slice in records.Chunk(500))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < slice.Length; i++) parameters.Add($"f{i}", (long)slice[i].IdFiche);
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM pegase_child_rejects WHERE id_fiche IN ({string.Join(", ", slice.Select((_, i) => $"@f{i}"))})",
                parameters, transaction, cancellationToken: cancellationToken));
        }
        foreach (var slice in childRejects.Select(ChildRecord.Of).Chunk(400))
        {
            var parameters = new DynamicParameters();
            var values = new List<string>(slice.Length);
            for (var i = 0; i < slice.Length; i++)
            {
                values.Add($"(@t{i}, @i{i}, @f{i}, @c{i}, @p{i}, @r{i})");
                parameters.Add($"t{i}", slice[i].Table);
                parameters.Add($"i{i}", (long)slice[i].Id);
                parameters.Add($"f{i}", (long)slice[i].IdFiche);
                parameters.Add($"c{i}", (long)slice[i].RejectCode);
                parameters.Add($"p{i}", slice[i].RejectPath);
                parameters.Add($"r{i}", slice[i].RejectReason);
            }
            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO pegase_child_rejects (source_table, id, id_fiche, reject_code, reject_path, reject_reason)
                VALUES {string.Join(", ", values)}
                ON CONFLICT (source_table, id) DO UPDATE SET id_fiche = excluded.id_fiche, reject_code = excluded.reject_code,
                    reject_path = excluded.reject_path, reject_reason = excluded.reject_reason
                """, parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>A finished run leaves no checkpoint: the next run reads every fiche again (and changes only what changed).</summary>
    public async Task FinishAsync(string runKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM pegase_checkpoints WHERE run_key = @runKey", new { runKey }, cancellationToken: cancellationToken));
    }

    /// <summary>A connection to the hub's database, set up as the store sets up its own (also for <see cref="Nightly.NightlyRuns"/>).</summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (dialect.ConnectionSetup is { } setup)
            await connection.ExecuteAsync(new CommandDefinition(setup, cancellationToken: cancellationToken));
        return connection;
    }
}
