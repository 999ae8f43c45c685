using System.Text.Json;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Simulators.PegaseGenerator;
using MCIC2.Interop.Tests.Support;
using Npgsql;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>The reconciliation report of <c>mcic2 migrate pegase</c> and its <c>--verify</c>: a generated Pégase
/// database (PostgreSQL) against a hub store on PostgreSQL.</summary>
[TestClass]
public sealed class When_a_Pegase_migration_is_reconciled
{
    private const int Rows = 2_000;
    private static ScratchDatabase? _source;

    [ClassInitialize]
    public static async Task GenerateSource(TestContext _)
    {
        _source = await ScratchDatabase.CreateAsync("pegase_rec_");
        await PegaseDatabaseFiller.FillAsync(_source.ConnectionString, Rows, seed: 11);
    }

    [ClassCleanup]
    public static async Task DropSource()
    {
        if (_source is not null) await _source.DropAsync();
    }

    [TestMethod]
    public async Task A_clean_run_reconciles_every_fiche_by_centre_year_and_nature_and_by_chunk()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        using var directory = new TempDirectory();
        var reportFile = Path.Combine(directory.Path, "report.json");

        var (exit, stdout, stderr) = await Mcic2Async(hub, "--report", reportFile);

        Assert.AreEqual(0, exit, stderr + stdout);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile));
        var root = report.RootElement;
        Assert.AreEqual(Rows, root.GetProperty("SourceFiches").GetInt64());
        Assert.AreEqual(0, root.GetProperty("DifferenceCount").GetInt64());
        var (migrated, rejected) = (root.GetProperty("Migrated").GetInt64(), root.GetProperty("Rejected").GetInt64());
        Assert.AreEqual(Rows, migrated + rejected);
        Assert.IsTrue(rejected > 0, "the generated dirt has rejects");
        Assert.AreEqual(await ScalarAsync<long>(hub, "SELECT count(*) FROM incidents"), migrated);

        var groups = root.GetProperty("Groups").EnumerateArray().ToList();
        Assert.AreEqual(Rows, groups.Sum(g => g.GetProperty("Source").GetInt64()));
        Assert.IsTrue(groups.All(g => g.GetProperty("Source").GetInt64() == g.GetProperty("Migrated").GetInt64() + g.GetProperty("Rejected").GetInt64()));
        Assert.IsTrue(groups.Select(g => g.GetProperty("Centre").GetString()).Distinct().Count() >= 4, "grouped by centre");
        Assert.IsTrue(groups.Select(g => g.GetProperty("Year").GetInt32()).Distinct().Count() > 10, "grouped by year");
        var chunks = root.GetProperty("Chunks").EnumerateArray().ToList();
        Assert.AreEqual(4, chunks.Count, "2,000 fiches by 500");
        Assert.IsTrue(chunks.All(c => c.GetProperty("Source").GetString() == c.GetProperty("Target").GetString()));
        StringAssert.Contains(stdout, $"reconciliation (all fiches): {Rows} source fiches, {migrated} migrated, {rejected} rejected with a reason, 0 differences");
        StringAssert.Contains(stdout, "chunks: 4 of 4 checksums match");
        foreach (var table in root.GetProperty("Children").EnumerateArray())
        {
            var name = table.GetProperty("Table").GetString()!;
            var (source, childMigrated, childRejected) = (table.GetProperty("Source").GetInt64(), table.GetProperty("Migrated").GetInt64(), table.GetProperty("Rejected").GetInt64());
            Assert.AreEqual(await ScalarAsync<long>(_source!.ConnectionString, $"SELECT count(*) FROM {name}"), source, $"every {name} of the source");
            Assert.AreEqual(source, childMigrated + childRejected, name);
            Assert.IsTrue(childMigrated > 0 && childRejected > 0, $"{name}: {childMigrated} migrated, {childRejected} rejected");
            Assert.AreEqual(0, table.GetProperty("Differences").GetInt64(), name);
            StringAssert.Contains(stdout, $"  {name}: source {source}, migrated {childMigrated}, rejected {childRejected} with a reason, differences 0");
        }
        CollectionAssert.AreEquivalent(new[] { "intervention", "personne", "fiche_historique" },
            root.GetProperty("Children").EnumerateArray().Select(t => t.GetProperty("Table").GetString()).ToArray());

        var verify = await Mcic2Async(hub, "--verify");
        Assert.AreEqual(0, verify.Exit, verify.Stderr + verify.Stdout);
        Assert.IsFalse(verify.Stdout.Contains(" created,", StringComparison.Ordinal), "--verify migrates nothing");
    }

    [TestMethod]
    public async Task Verify_reports_a_tampered_and_a_deleted_incident_by_their_Pegase_number_and_exits_1()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        Assert.AreEqual(0, (await Mcic2Async(hub)).Exit);
        var keys = (await ScalarAsync<string>(hub, "SELECT string_agg(incident_key, ' ' ORDER BY incident_key) FROM (SELECT incident_key FROM incidents ORDER BY incident_key LIMIT 2) k")).Split(' ');
        await TestPostgres.ExecuteAsync($$"""
            UPDATE incidents SET incident_json = jsonb_set(incident_json::jsonb, '{incident,createdAt}', '"2020-01-01T00:00:00+01:00"')::text WHERE incident_key = '{{keys[0]}}';
            DELETE FROM incidents WHERE incident_key = '{{keys[1]}}';
            """, hub.ConnectionString);
        using var directory = new TempDirectory();
        var reportFile = Path.Combine(directory.Path, "verify.json");

        var (exit, stdout, _) = await Mcic2Async(hub, "--verify", "--report", reportFile);

        Assert.AreEqual(1, exit, stdout);
        var (tampered, deleted) = (NumberOf(keys[0]), NumberOf(keys[1]));
        StringAssert.Contains(stdout, "2 differences");
        StringAssert.Matches(stdout, new System.Text.RegularExpressions.Regex($@"{tampered} \(fiche \d+\): IncidentDiffers"));
        StringAssert.Matches(stdout, new System.Text.RegularExpressions.Regex($@"{deleted} \(fiche \d+\): IncidentMissing"));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(reportFile));
        var differences = report.RootElement.GetProperty("Differences").EnumerateArray()
            .ToDictionary(d => d.GetProperty("PegaseNumber").GetString()!, d => d.GetProperty("Kind").GetString());
        Assert.AreEqual("IncidentDiffers", differences[tampered]);
        Assert.AreEqual("IncidentMissing", differences[deleted]);
        var mismatched = report.RootElement.GetProperty("Chunks").EnumerateArray().Count(c => c.GetProperty("Source").GetString() != c.GetProperty("Target").GetString());
        Assert.IsTrue(mismatched is 1 or 2, $"only the chunks holding them differ ({mismatched})");
    }

    [TestMethod]
    public async Task Verify_reports_a_fiche_neither_migrated_nor_rejected_and_one_changed_in_Pegase_since()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        Assert.AreEqual(0, (await Mcic2Async(hub)).Exit);
        var (forgotten, changed) = (await ScalarAsync<long>(hub, "SELECT min(id_fiche) FROM pegase_fiches WHERE reject_code IS NOT NULL"),
            await ScalarAsync<long>(hub, "SELECT max(id_fiche) FROM pegase_fiches WHERE incident_key IS NOT NULL"));
        await TestPostgres.ExecuteAsync($"DELETE FROM pegase_fiches WHERE id_fiche = {forgotten}", hub.ConnectionString);
        await TestPostgres.ExecuteAsync($"UPDATE fiche SET observations = 'suite : véhicule retrouvé' WHERE id_fiche = {changed}", _source!.ConnectionString);
        try
        {
            var (exit, stdout, _) = await Mcic2Async(hub, "--verify");

            Assert.AreEqual(1, exit, stdout);
            StringAssert.Contains(stdout, "2 differences");
            StringAssert.Contains(stdout, $"(fiche {forgotten}): NotRecorded");
            StringAssert.Contains(stdout, $"(fiche {changed}): ChangedSinceMigration");
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"UPDATE fiche SET observations = 'restored' WHERE id_fiche = {changed}", _source.ConnectionString);
        }
    }

    [TestMethod]
    public async Task Verify_reports_a_child_row_neither_migrated_nor_rejected_and_an_orphan_gone_from_Pegase()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        await TestPostgres.ExecuteAsync("INSERT INTO personne (id_personne, id_fiche, qualite, nom) VALUES (900001, 900001, 'T', 'ORPHELIN')", _source!.ConnectionString);
        try
        {
            Assert.AreEqual(0, (await Mcic2Async(hub)).Exit, "the orphan after the last fiche is rejected, and reconciles");
            var forgotten = await ScalarAsync<long>(hub, "SELECT min(id) FROM pegase_child_rejects WHERE source_table = 'intervention' AND reject_reason LIKE 'FicheRejected: %'");
            var fiche = await ScalarAsync<long>(hub, $"SELECT id_fiche FROM pegase_child_rejects WHERE source_table = 'intervention' AND id = {forgotten}");
            await TestPostgres.ExecuteAsync($"DELETE FROM pegase_child_rejects WHERE source_table = 'intervention' AND id = {forgotten}", hub.ConnectionString);
            await TestPostgres.ExecuteAsync("DELETE FROM personne WHERE id_personne = 900001", _source.ConnectionString);

            var (exit, stdout, _) = await Mcic2Async(hub, "--verify");

            Assert.AreEqual(1, exit, stdout);
            StringAssert.Contains(stdout, "2 differences");
            StringAssert.Contains(stdout, $"(fiche {fiche}): NotRecorded, intervention {forgotten}: neither migrated nor rejected");
            StringAssert.Contains(stdout, "(no number) (fiche 900001): NotInSource, personne 900001: recorded, but no such row in Pégase");
            foreach (var table in new[] { "intervention", "personne" })
                StringAssert.Matches(stdout, new System.Text.RegularExpressions.Regex($@"  {table}: source \d+, migrated \d+, rejected \d+ with a reason, differences 1\n"),
                    "each counted with its table");
            StringAssert.Contains(stdout, "chunks: 3 of 4 checksums match");
        }
        finally
        {
            await TestPostgres.ExecuteAsync("DELETE FROM personne WHERE id_personne = 900001", _source.ConnectionString);
        }
    }

    /// <summary>The Pégase number in an incident key <c>fr.police.cic35.035-2015-0000007</c>.</summary>
    private static string NumberOf(string key) => key.Split('.')[^1];

    private static async Task<(int Exit, string Stdout, string Stderr)> Mcic2Async(ScratchSchema hub, params string[] extra)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        string[] arguments = ["migrate", "pegase", "--from", _source!.ConnectionString, "--batch", "500", "--Hub:Profile=postgres", $"--Hub:Postgres={hub.ConnectionString}", .. extra];
        var exit = await MainCommand.InvokeAsync(arguments, Stream.Null, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Task<T> ScalarAsync<T>(ScratchSchema hub, string sql) => ScalarAsync<T>(hub.ConnectionString, sql);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
