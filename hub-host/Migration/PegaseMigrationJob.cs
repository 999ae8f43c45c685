using System.Data.Common;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Migration;

/// <summary>What <c>mcic2 migrate pegase</c> was asked: the source, which fiches, the chunk size, and whether to write.</summary>
public sealed record PegaseMigrationOptions(string? Centre, DateTime? Since, int Batch, bool DryRun)
{
    /// <summary>Runs with the same selection share a checkpoint: a rerun after a crash resumes that run.</summary>
    public string RunKey => $"centre={Centre ?? "*"};since={Since:O}";
}

/// <summary>The counts of a run so far (a resumed run counts from where it resumed).</summary>
public sealed record MigrationCounts(long Read, long Created, long Updated, long Unchanged, long Rejected, int LastIdFiche);

/// <summary>
/// Moves Pégase fiches into the hub's store as incidents (stored, never routed: nothing is enqueued for a partner).
/// Streamed by chunks of <see cref="PegaseMigrationOptions.Batch"/> fiches (memory flat); after each chunk its
/// incidents are committed, then its outcomes and the checkpoint, so a run stopped anywhere resumes after its last
/// recorded chunk and a chunk replayed after a crash changes nothing (an incident is written only when its content
/// differs). Idempotent: a fiche whose content hash (its children included) is recorded is skipped; a changed fiche or
/// child row updates its incident. A rejected fiche's children are rejected with it, an orphan child row on its own.
/// </summary>
public sealed class PegaseMigrationJob(IHubStore store, MigrationLedger ledger, FicheMapper mapper, Action<MigrationCounts> progress)
{
    public async Task<MigrationCounts> RunAsync(DbConnection source, PegaseMigrationOptions options, CancellationToken cancellationToken)
    {
        if (!options.DryRun) await ledger.MigrateAsync(cancellationToken);
        var after = options.DryRun ? 0 : await ledger.CheckpointAsync(options.RunKey, cancellationToken) ?? 0;
        var counts = new MigrationCounts(0, 0, 0, 0, 0, after);
        while (true)
        {
            var chunk = await PegaseSource.ReadAsync(source, after, options.Batch, options.Centre, options.Since, cancellationToken);
            if (chunk.IsEmpty) break;
            after = chunk.LastIdFiche;
            counts = await MigrateChunkAsync(chunk, options, counts with { Read = counts.Read + chunk.Fiches.Count, LastIdFiche = after }, cancellationToken);
            progress(counts);
        }
        if (!options.DryRun) await ledger.FinishAsync(options.RunKey, cancellationToken);
        return counts;
    }

    private async Task<MigrationCounts> MigrateChunkAsync(PegaseChunk chunk, PegaseMigrationOptions options, MigrationCounts counts, CancellationToken cancellationToken)
    {
        var known = options.DryRun || chunk.Fiches.Count == 0 ? [] : await ledger.HashesAsync(chunk.Fiches[0].IdFiche, chunk.Fiches[^1].IdFiche, cancellationToken);
        var records = new List<FicheRecord>();
        var incidents = new List<StoredIncident>();
        // Orphans are recorded at every run (an upsert: a handful of rows), the children of a rejected fiche with it.
        var childRejects = chunk.Orphans.Select(ChildReject.Orphan).ToList();
        foreach (var fiche in chunk.Fiches)
        {
            var hash = FicheTarget.ContentHash(fiche);
            if (known.GetValueOrDefault(fiche.IdFiche) == hash)
            {
                counts = counts with { Unchanged = counts.Unchanged + 1 };
                continue;
            }
            var target = FicheTarget.Of(fiche, hash, mapper);
            records.Add(target.Record);
            childRejects.AddRange(target.ChildRejects);
            if (target.Incident is { } incident) incidents.Add(incident);
            else counts = counts with { Rejected = counts.Rejected + 1 };
        }
        if (options.DryRun) return counts with { Created = counts.Created + incidents.Count };

        var (created, updated) = await store.InTransactionAsync(async transaction =>
        {
            var (created, updated) = (0, 0);
            var existing = await transaction.FindIncidentsAsync([.. incidents.Select(i => i.Key)]);
            foreach (var incident in incidents)
            {
                var stored = existing.GetValueOrDefault(incident.Key);
                if (stored is not null && FicheTarget.Json(stored.Incident) == FicheTarget.Json(incident.Incident)) continue;
                incident.Version = (stored?.Version ?? 0) + 1;
                await transaction.SaveIncidentAsync(incident);
                if (stored is null) created++; else updated++;
            }
            return (created, updated);
        }, cancellationToken);
        await ledger.RecordChunkAsync(options.RunKey, records, childRejects, counts.LastIdFiche, cancellationToken);
        var rewritten = incidents.Count - created - updated;
        return counts with { Created = counts.Created + created, Updated = counts.Updated + updated, Unchanged = counts.Unchanged + rewritten };
    }
}
