using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Migration;

/// <summary>Why a source fiche does not reconcile with the hub.</summary>
public enum DifferenceKind
{
    /// <summary>The ledger has no record of the fiche: it was neither migrated nor rejected.</summary>
    NotRecorded,

    /// <summary>The fiche changed in Pégase since it was migrated (its content hash differs): the next run updates it.</summary>
    ChangedSinceMigration,

    /// <summary>The ledger's outcome (incident or reject) is not the one the mapping gives.</summary>
    OutcomeDiffers,

    /// <summary>The ledger names an incident the store does not hold (deleted after the run).</summary>
    IncidentMissing,

    /// <summary>The stored incident is not what the fiche maps to (changed in the hub after the run).</summary>
    IncidentDiffers,

    /// <summary>The ledger records a fiche that the source no longer has.</summary>
    NotInSource,
}

/// <summary>One fiche that does not reconcile, by its Pégase number (what an operator quotes) and id.</summary>
public sealed record Difference(int IdFiche, string? PegaseNumber, DifferenceKind Kind, string Detail);

/// <summary>Source versus target for one centre, year of the call and Pégase nature code.</summary>
public sealed record GroupCount(string Centre, int Year, string Nature, long Source, long Migrated, long Rejected, long Differences);

/// <summary>Source versus target for the rows of one child table (<c>intervention</c>, <c>personne</c>,
/// <c>fiche_historique</c>) of the selection: migrated in their fiche's incident, or rejected with a reason.</summary>
public sealed record ChildCount(string Table, long Source, long Migrated, long Rejected, long Differences);

/// <summary>A chunk of fiches (by ascending id) hashed on each side: the source's as the mapping says the target must
/// be, the target's as the hub holds it. Equal checksums: the chunk reconciles.</summary>
public sealed record ChunkChecksum(int FirstIdFiche, int LastIdFiche, int Fiches, string Source, string Target)
{
    public bool Matches => Source == Target;
}

/// <summary>What <see cref="PegaseReconciliation"/> found. <see cref="Differences"/> lists at most
/// <see cref="PegaseReconciliation.ListedDifferences"/>; <see cref="DifferenceCount"/> counts them all.</summary>
public sealed record ReconciliationReport(
    DateTimeOffset At, string Selection, long SourceFiches, long Migrated, long Rejected, long DifferenceCount,
    IReadOnlyList<GroupCount> Groups, IReadOnlyList<ChunkChecksum> Chunks, IReadOnlyList<Difference> Differences,
    IReadOnlyList<ChildCount> Children)
{
    public bool Reconciles => DifferenceCount == 0;
}

/// <summary>
/// Re-reads both sides: every source fiche (the migration's selection, in chunks) against the hub's ledger
/// (<c>pegase_fiches</c>) and store. A fiche reconciles when its recorded hash is its content's, its recorded outcome
/// is the one the mapping gives, and, when migrated, the store holds exactly the incident it maps to; a rejected fiche
/// reconciles with its reason recorded. Anything else is a <see cref="Difference"/>. Read only.
/// </summary>
public sealed class PegaseReconciliation(IHubStore store, MigrationLedger ledger, FicheMapper mapper, TimeProvider clock)
{
    /// <summary>Differences listed by name in a report (all are counted): a broken target lists the first ones.</summary>
    public const int ListedDifferences = 10_000;

    public async Task<ReconciliationReport> RunAsync(DbConnection source, PegaseMigrationOptions options, CancellationToken cancellationToken)
    {
        await ledger.MigrateAsync(cancellationToken);
        var groups = new SortedDictionary<(string Centre, int Year, string Nature), GroupCount>();
        var chunks = new List<ChunkChecksum>();
        var differences = new List<Difference>();
        var (fiches, migrated, rejected, differing) = (0L, 0L, 0L, 0L);
        var wholeSource = options.Centre is null && options.Since is null;
        var after = 0;
        var children = Enum.GetValues<ChildKind>().ToDictionary(k => k, k => new ChildCount(ChildReject.TableOf(k), 0, 0, 0, 0));

        void Differ(int id, string? number, DifferenceKind kind, string detail)
        {
            differing++;
            if (differences.Count < ListedDifferences) differences.Add(new Difference(id, number, kind, detail));
        }

        while (true)
        {
            var read = await PegaseSource.ReadAsync(source, after, options.Batch, options.Centre, options.Since, cancellationToken);
            if (read.IsEmpty) break;
            var chunk = read.Fiches;
            var recorded = (await ledger.RecordsAsync(read.After + 1L, read.LastIdFiche, cancellationToken)).ToDictionary(r => r.IdFiche);
            var expected = chunk.Select(f => FicheTarget.Of(f, FicheTarget.ContentHash(f), mapper)).ToList();
            var stored = await StoredJsonAsync(recorded.Values, cancellationToken);
            var (sourceLines, targetLines) = (new StringBuilder(), new StringBuilder());
            var differingFiches = new HashSet<int>();

            for (var i = 0; i < chunk.Count; i++)
            {
                var (fiche, target) = (chunk[i], expected[i]);
                var number = string.IsNullOrWhiteSpace(fiche.NumeroFiche) ? null : fiche.NumeroFiche.Trim();
                var expectedJson = target.Incident is { } incident ? FicheTarget.Json(incident.Incident) : null;
                sourceLines.Append(Line(target.Record, expectedJson));
                var record = recorded.GetValueOrDefault(fiche.IdFiche);
                var storedJson = record?.IncidentKey is { } key ? stored.GetValueOrDefault(key) : null;
                targetLines.Append(record is null ? $"{fiche.IdFiche}:-\n" : Line(record, storedJson));

                var before = differing;
                if (record is null)
                    Differ(fiche.IdFiche, number, DifferenceKind.NotRecorded, "neither migrated nor rejected");
                else if (record.ContentSha256 != target.Record.ContentSha256)
                    Differ(fiche.IdFiche, number, DifferenceKind.ChangedSinceMigration, "the fiche changed in Pégase since it was migrated");
                else if (record.IncidentKey != target.Record.IncidentKey || record.RejectCode != target.Record.RejectCode || record.RejectReason != target.Record.RejectReason)
                    Differ(fiche.IdFiche, number, DifferenceKind.OutcomeDiffers, $"recorded {Outcome(record)}, the mapping gives {Outcome(target.Record)}");
                else if (record.IncidentKey is { } incidentKey && storedJson is null)
                    Differ(fiche.IdFiche, number, DifferenceKind.IncidentMissing, $"incident {incidentKey} is not in the store");
                else if (storedJson != expectedJson)
                    Differ(fiche.IdFiche, number, DifferenceKind.IncidentDiffers, $"incident {record.IncidentKey} is not what the fiche maps to");
                else if (record.IncidentKey is not null) migrated++;
                else rejected++;

                var group = (fiche.CodeCentre.Trim(), fiche.DateAppel.Year, string.IsNullOrWhiteSpace(fiche.CodeNature) ? "-" : fiche.CodeNature.Trim().ToUpperInvariant());
                var counts = groups.GetValueOrDefault(group) ?? new GroupCount(group.Item1, group.Item2, group.Item3, 0, 0, 0, 0);
                if (differing > before) differingFiches.Add(fiche.IdFiche);
                groups[group] = differing > before
                    ? counts with { Source = counts.Source + 1, Differences = counts.Differences + 1 }
                    : record!.IncidentKey is not null
                        ? counts with { Source = counts.Source + 1, Migrated = counts.Migrated + 1 }
                        : counts with { Source = counts.Source + 1, Rejected = counts.Rejected + 1 };
                foreach (var (table, rows) in ChildrenOf(fiche))
                {
                    var child = children[table] with { Source = children[table].Source + rows };
                    children[table] = differing > before ? child with { Differences = child.Differences + rows }
                        : record!.IncidentKey is not null ? child with { Migrated = child.Migrated + rows }
                        : child; // rejected with their fiche: counted by ReconcileChildRejects against their records
                }
            }
            ReconcileChildRejects(read, expected, await ledger.ChildRecordsAsync(read.After, read.LastIdFiche, cancellationToken),
                differingFiches, wholeSource, sourceLines, targetLines, children, Differ);

            if (wholeSource)
            {
                var ids = chunk.Select(f => f.IdFiche).ToHashSet();
                foreach (var gone in recorded.Values.Where(r => !ids.Contains(r.IdFiche)))
                {
                    Differ(gone.IdFiche, null, DifferenceKind.NotInSource, "recorded, but no such fiche in Pégase");
                    targetLines.Append(Line(gone, null));
                }
            }
            chunks.Add(new ChunkChecksum(chunk.Count > 0 ? chunk[0].IdFiche : read.After, read.LastIdFiche, chunk.Count, Sha256(sourceLines), Sha256(targetLines)));
            fiches += chunk.Count;
            after = read.LastIdFiche;
        }
        if (wholeSource)
        {
            foreach (var gone in await ledger.RecordsAsync(after + 1L, long.MaxValue, cancellationToken))
                Differ(gone.IdFiche, null, DifferenceKind.NotInSource, "recorded, but no such fiche in Pégase");
            foreach (var gone in await ledger.ChildRecordsAsync(after, long.MaxValue, cancellationToken))
            {
                Differ(gone.IdFiche, null, DifferenceKind.NotInSource, $"{gone.Table} {gone.Id}: recorded, but no such row in Pégase");
                children[KindOf(gone.Table)] = children[KindOf(gone.Table)] with { Differences = children[KindOf(gone.Table)].Differences + 1 };
            }
        }

        var selection = options.Centre is null && options.Since is null ? "all fiches" : $"centre {options.Centre ?? "*"}, updated since {options.Since:yyyy-MM-dd}";
        return new ReconciliationReport(clock.GetUtcNow(), selection, fiches, migrated, rejected, differing, groups.Values.ToList(), chunks, differences,
            children.Values.ToList());
    }

    private static ChildKind KindOf(string table) => Enum.GetValues<ChildKind>().First(k => ChildReject.TableOf(k) == table);

    private static IEnumerable<(ChildKind Table, int Rows)> ChildrenOf(PegaseFiche fiche) =>
        [(ChildKind.Intervention, fiche.Interventions.Count), (ChildKind.Personne, fiche.Personnes.Count), (ChildKind.Historique, fiche.Historique.Count)];

    /// <summary>
    /// The chunk's rejected child rows, source (the children of its rejected fiches and its orphans) against the
    /// ledger, by table and id: both sides' lines go into the chunk's checksums. The children of a fiche that already
    /// differs are counted as differences with it, not again.
    /// </summary>
    private static void ReconcileChildRejects(PegaseChunk read, IReadOnlyList<FicheTarget> expected, IReadOnlyList<ChildRecord> recorded,
        HashSet<int> differingFiches, bool wholeSource, StringBuilder sourceLines, StringBuilder targetLines,
        Dictionary<ChildKind, ChildCount> children, Action<int, string?, DifferenceKind, string> differ)
    {
        var fiches = read.Fiches.ToDictionary(f => f.IdFiche);
        var want = expected.SelectMany(t => t.ChildRejects).Concat(read.Orphans.Select(ChildReject.Orphan))
            .Where(c => !differingFiches.Contains(c.IdFiche))
            .Select(c => (c.Table, Record: ChildRecord.Of(c))).OrderBy(c => c.Record.Table, StringComparer.Ordinal).ThenBy(c => c.Record.Id).ToList();
        // Without the whole source, a record in the chunk's range may be another selection's: only the chunk's fiches count.
        var have = recorded.Where(r => !differingFiches.Contains(r.IdFiche) && (wholeSource || fiches.ContainsKey(r.IdFiche)))
            .ToDictionary(r => (r.Table, r.Id));
        foreach (var (table, record) in want)
        {
            sourceLines.Append(record.Line);
            var kind = children[table];
            var number = fiches.GetValueOrDefault(record.IdFiche)?.NumeroFiche.Trim();
            if (read.Orphans.Any(o => o.Kind == table && o.Id == record.Id)) kind = kind with { Source = kind.Source + 1 };
            if (!have.Remove((record.Table, record.Id), out var found))
            {
                differ(record.IdFiche, number, DifferenceKind.NotRecorded, $"{record.Table} {record.Id}: neither migrated nor rejected");
                children[table] = kind with { Differences = kind.Differences + 1 };
                continue;
            }
            targetLines.Append(found.Line);
            if (found == record) children[table] = kind with { Rejected = kind.Rejected + 1 };
            else
            {
                differ(record.IdFiche, number, DifferenceKind.OutcomeDiffers, $"{record.Table} {record.Id}: recorded {found.RejectReason}, the mapping gives {record.RejectReason}");
                children[table] = kind with { Differences = kind.Differences + 1 };
            }
        }
        foreach (var stale in have.Values.OrderBy(r => r.Table, StringComparer.Ordinal).ThenBy(r => r.Id))
        {
            targetLines.Append(stale.Line);
            var table = KindOf(stale.Table);
            children[table] = children[table] with { Differences = children[table].Differences + 1 };
            differ(stale.IdFiche, fiches.GetValueOrDefault(stale.IdFiche)?.NumeroFiche.Trim(),
                fiches.ContainsKey(stale.IdFiche) ? DifferenceKind.OutcomeDiffers : DifferenceKind.NotInSource,
                fiches.ContainsKey(stale.IdFiche) ? $"{stale.Table} {stale.Id}: recorded as rejected, the mapping migrates it" : $"{stale.Table} {stale.Id}: recorded, but no such row in Pégase");
        }
    }

    /// <summary>The stored incidents' JSON by key, for the migrated fiches of a chunk.</summary>
    private Task<Dictionary<string, string>> StoredJsonAsync(IEnumerable<FicheRecord> records, CancellationToken cancellationToken) =>
        store.InTransactionAsync(async transaction =>
        {
            var json = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in records.Select(r => r.IncidentKey).OfType<string>())
                if (await transaction.FindIncidentAsync(key) is { } incident) json[key] = FicheTarget.Json(incident.Incident);
            return json;
        }, cancellationToken);

    private static string Outcome(FicheRecord record) => record.IncidentKey is { } key ? $"incident {key}" : $"reject {record.RejectCode} ({record.RejectReason})";

    private static string Line(FicheRecord record, string? incidentJson) => string.Create(CultureInfo.InvariantCulture,
        $"{record.IdFiche}:{record.ContentSha256}:{record.IncidentKey}:{record.RejectCode}:{record.RejectPath}:{record.RejectReason}:{(incidentJson is null ? "" : Sha256(new StringBuilder(incidentJson)))}\n");

    private static string Sha256(StringBuilder text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}

/// <summary>A report as a person reads it (stdout) and as a file keeps it (JSON, every group, chunk and listed difference).</summary>
public static class ReconciliationText
{
    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string Json(ReconciliationReport report) => System.Text.Json.JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>The totals, per centre, the groups and chunks that differ, and the first differences.</summary>
    public static void WriteSummary(ReconciliationReport report, TextWriter output)
    {
        output.WriteLine($"reconciliation ({report.Selection}): {report.SourceFiches} source fiches, {report.Migrated} migrated, {report.Rejected} rejected with a reason, {report.DifferenceCount} differences");
        foreach (var centre in report.Groups.GroupBy(g => g.Centre))
            output.WriteLine($"  {centre.Key}: source {centre.Sum(g => g.Source)}, migrated {centre.Sum(g => g.Migrated)}, rejected {centre.Sum(g => g.Rejected)}, differences {centre.Sum(g => g.Differences)}");
        foreach (var table in report.Children)
            output.WriteLine($"  {table.Table}: source {table.Source}, migrated {table.Migrated}, rejected {table.Rejected} with a reason, differences {table.Differences}");
        var chunks = report.Chunks.Count(c => c.Matches);
        output.WriteLine($"  chunks: {chunks} of {report.Chunks.Count} checksums match");
        foreach (var group in report.Groups.Where(g => g.Differences > 0).Take(20))
            output.WriteLine($"  differs: {group.Centre} {group.Year} {group.Nature}: source {group.Source}, migrated {group.Migrated}, rejected {group.Rejected}, differences {group.Differences}");
        foreach (var chunk in report.Chunks.Where(c => !c.Matches).Take(20))
            output.WriteLine($"  chunk fiches {chunk.FirstIdFiche}–{chunk.LastIdFiche}: source {chunk.Source[..16]}…, target {chunk.Target[..16]}…");
        foreach (var difference in report.Differences.Take(20))
            output.WriteLine($"  {difference.PegaseNumber ?? "(no number)"} (fiche {difference.IdFiche}): {difference.Kind}, {difference.Detail}");
        if (report.DifferenceCount > 20) output.WriteLine($"  … {report.DifferenceCount - 20} more differences (in the JSON report, the first {PegaseReconciliation.ListedDifferences} by name)");
    }
}
