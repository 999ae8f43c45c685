using System.Diagnostics;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.HubHost.Migration;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PegaseGenerator;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>The migration job from a generated Pégase database (PostgreSQL) into a hub store on PostgreSQL.</summary>
[TestClass]
public sealed class When_Pegase_is_migrated
{
    private const int Rows = 3_000;
    private static readonly PegaseMigrationOptions AllFiches = new(Centre: null, Since: null, Batch: 400, DryRun: false);
    private static ScratchDatabase? _source;

    [ClassInitialize]
    public static async Task GenerateSource(TestContext _)
    {
        _source = await ScratchDatabase.CreateAsync("pegase_mig_");
        await PegaseDatabaseFiller.FillAsync(_source.ConnectionString, Rows, seed: 5);
    }

    [ClassCleanup]
    public static async Task DropSource()
    {
        if (_source is not null) await _source.DropAsync();
    }

    [TestMethod]
    public async Task Every_fiche_is_migrated_or_rejected_with_a_reason_and_nothing_is_routed()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        var counts = await MigrateAsync(hub, AllFiches);

        Assert.AreEqual(Rows, counts.Read);
        Assert.AreEqual(Rows, counts.Created + counts.Rejected);
        Assert.IsTrue(counts.Rejected > 0 && counts.Created > counts.Rejected);
        Assert.AreEqual((long)Rows, await ScalarAsync<long>(hub, "SELECT count(*) FROM pegase_fiches"));
        Assert.AreEqual(counts.Created, await ScalarAsync<long>(hub, "SELECT count(*) FROM incidents"));
        Assert.AreEqual(0L, await ScalarAsync<long>(hub, "SELECT count(*) FROM pegase_fiches WHERE incident_key IS NULL AND (reject_code IS NULL OR reject_reason IS NULL)"));
        Assert.AreEqual(0L, await ScalarAsync<long>(hub, "SELECT count(*) FROM deliveries"), "migrated incidents are stored, not routed");
        Assert.AreEqual(0L, await ScalarAsync<long>(hub, "SELECT count(*) FROM pegase_checkpoints"), "a finished run leaves no checkpoint");
    }

    [TestMethod]
    public async Task A_run_stopped_midway_then_resumed_gives_the_same_target_as_an_uninterrupted_run()
    {
        await using var uninterrupted = await ScratchSchema.CreateAsync();
        await MigrateAsync(uninterrupted, AllFiches);
        await using var interrupted = await ScratchSchema.CreateAsync();

        using var stop = new CancellationTokenSource();
        var chunks = 0;
        await Assert.ThrowsAsync<OperationCanceledException>(() => MigrateAsync(interrupted, AllFiches, _ => { if (++chunks == 3) stop.Cancel(); }, stop.Token));
        Assert.AreEqual(1L, await ScalarAsync<long>(interrupted, "SELECT count(*) FROM pegase_checkpoints"));
        var resumed = await MigrateAsync(interrupted, AllFiches);

        Assert.AreEqual(3 * AllFiches.Batch, resumed.LastIdFiche - resumed.Read, "resumed after the third chunk");
        Assert.AreEqual(await ChecksumAsync(uninterrupted), await ChecksumAsync(interrupted));
    }

    [TestMethod]
    public async Task The_mcic2_process_killed_with_SIGKILL_midway_then_rerun_gives_the_same_target_as_an_uninterrupted_run()
    {
        await using var uninterrupted = await ScratchSchema.CreateAsync();
        await MigrateAsync(uninterrupted, AllFiches with { Batch = 100 });
        await using var killed = await ScratchSchema.CreateAsync();
        string[] arguments = ["migrate", "pegase", "--from", _source!.ConnectionString, "--batch", "100", "--progress-every", "0", "--Hub:Profile=postgres", $"--Hub:Postgres={killed.ConnectionString}"];

        var (process, _) = Mcic2Process(arguments);
        using (process)
        {
            var chunks = 0;
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                if (line.StartsWith("pegase ", StringComparison.Ordinal) && ++chunks == 5) break;
            Assert.AreEqual(5, chunks, "the job printed five chunks before it was killed");
            process.Kill(); // SIGKILL on Linux: no shutdown, no flush, whatever the job was writing
            await process.WaitForExitAsync();
        }
        var checkpoint = await ScalarAsync<long>(killed, "SELECT last_id_fiche FROM pegase_checkpoints");
        Assert.IsTrue(checkpoint >= 500 && checkpoint < Rows, $"killed midway (checkpoint at fiche {checkpoint})");

        var (rerun, errors) = Mcic2Process(arguments);
        using (rerun)
        {
            var output = await rerun.StandardOutput.ReadToEndAsync();
            await rerun.WaitForExitAsync();
            Assert.AreEqual(0, rerun.ExitCode, output + await errors);
            StringAssert.Contains(output, " 0 differences", "the rerun reconciles");
        }

        Assert.AreEqual(await ChecksumAsync(uninterrupted), await ChecksumAsync(killed));
    }

    /// <summary>The real <c>mcic2</c> (<c>mcic2.dll</c> beside the tests) as a child process, its stdout read by the test.</summary>
    private static (Process Process, Task<string> Stderr) Mcic2Process(IEnumerable<string> arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mcic2.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        return (process, process.StandardError.ReadToEndAsync()); // drained so a chatty stderr never blocks the child
    }

    [TestMethod]
    public async Task A_second_run_changes_nothing_and_a_changed_fiche_updates_its_incident()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        await MigrateAsync(hub, AllFiches);
        var first = await ChecksumAsync(hub);

        var second = await MigrateAsync(hub, AllFiches);

        Assert.AreEqual(Rows, second.Unchanged);
        Assert.AreEqual(0, second.Created + second.Updated + second.Rejected);
        Assert.AreEqual(first, await ChecksumAsync(hub));

        var id = await ScalarAsync<string>(hub, "SELECT min(id_fiche)::text FROM pegase_fiches WHERE incident_key IS NOT NULL");
        await TestPostgres.ExecuteAsync($"UPDATE fiche SET observations = 'suite : auteur interpellé' WHERE id_fiche = {id}", _source!.ConnectionString);
        try
        {
            var third = await MigrateAsync(hub, AllFiches);

            Assert.AreEqual(1, third.Updated);
            Assert.AreEqual(2L, await ScalarAsync<long>(hub,
                $"SELECT i.version FROM incidents i JOIN pegase_fiches p ON p.incident_key = i.incident_key WHERE p.id_fiche = {id}"));
            StringAssert.Contains(await ScalarAsync<string>(hub,
                $"SELECT i.incident_json FROM incidents i JOIN pegase_fiches p ON p.incident_key = i.incident_key WHERE p.id_fiche = {id}"), "auteur interpellé");
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"UPDATE fiche SET observations = 'restored' WHERE id_fiche = {id}", _source.ConnectionString);
        }
    }

    [TestMethod]
    public async Task Every_child_row_is_in_its_fiche_incident_or_rejected_with_a_reason_and_a_changed_one_updates_its_incident()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        await MigrateAsync(hub, AllFiches);

        var migrated = (await ColumnAsync(hub.ConnectionString, "SELECT id_fiche::int FROM pegase_fiches WHERE incident_key IS NOT NULL")).ToHashSet();
        foreach (var (table, inIncidents) in new[]
        {
            ("intervention", "SELECT count(*) FROM incidents, jsonb_array_elements(incident_json::jsonb->'incident'->'resources') r"),
            ("personne", """
                SELECT count(*) FROM incidents, jsonb_array_elements(coalesce(incident_json::jsonb->'incident'->'qualification'->'victims'->'patients', '[]')
                    || coalesce(incident_json::jsonb->'incident'->'qualification'->'victims'->'involved', '[]')) p
                """),
            ("fiche_historique", "SELECT count(*) FROM incidents, jsonb_array_elements(incident_json::jsonb->'incident'->'timeline') t WHERE t->>'kind' = 'pegase-update'"),
        })
        {
            var rows = await ColumnAsync(_source!.ConnectionString, $"SELECT id_fiche FROM {table}");
            var ofMigrated = rows.Count(migrated.Contains);
            Assert.IsTrue(ofMigrated > 500, $"{table}: {ofMigrated}");
            Assert.AreEqual((long)ofMigrated, await ScalarAsync<long>(hub, inIncidents), $"every {table} of a migrated fiche is in its incident");
            Assert.AreEqual((long)(rows.Count - ofMigrated), await ScalarAsync<long>(hub, $"SELECT count(*) FROM pegase_child_rejects WHERE source_table = '{table}'"),
                $"every other {table} is rejected");
            Assert.AreEqual((long)rows.Count(id => id == 0), await ScalarAsync<long>(hub,
                $"SELECT count(*) FROM pegase_child_rejects WHERE source_table = '{table}' AND reject_code = 704 AND reject_reason = 'OrphanFiche: no fiche 0'"),
                $"the orphan {table} rows, by their reason");
            Assert.IsTrue(rows.Any(id => id == 0), $"the generator makes orphan {table} rows");
        }
        Assert.AreEqual(0L, await ScalarAsync<long>(hub, "SELECT count(*) FROM pegase_child_rejects WHERE reject_reason NOT LIKE 'OrphanFiche: %' AND reject_reason NOT LIKE 'FicheRejected: %'"));

        var person = await ScalarAsync<int>(_source!.ConnectionString, $"SELECT min(id_personne) FROM personne WHERE id_fiche IN ({string.Join(", ", migrated.Order().Take(200))})");
        var (idFiche, name) = (await ScalarAsync<int>(_source.ConnectionString, $"SELECT id_fiche FROM personne WHERE id_personne = {person}"),
            await ScalarAsync<string>(_source.ConnectionString, $"SELECT nom FROM personne WHERE id_personne = {person}"));
        await TestPostgres.ExecuteAsync($"""
            UPDATE personne SET nom = 'KERBRAT' WHERE id_personne = {person};
            INSERT INTO intervention (id_intervention, id_fiche, id_equipage, date_demande) VALUES (900001, 900001, 1, '2020-02-02 10:00');
            """, _source.ConnectionString);
        try
        {
            var rerun = await MigrateAsync(hub, AllFiches);

            Assert.AreEqual(1, rerun.Updated, "the changed person's incident, nothing else");
            Assert.AreEqual(Rows - 1, rerun.Unchanged);
            var incident = await ScalarAsync<string>(hub, $"SELECT i.version || ' ' || i.incident_json FROM incidents i JOIN pegase_fiches p ON p.incident_key = i.incident_key WHERE p.id_fiche = {idFiche}");
            StringAssert.StartsWith(incident, "2 ");
            StringAssert.Contains(incident, "KERBRAT");
            Assert.AreEqual("OrphanFiche: no fiche 900001", await ScalarAsync<string>(hub,
                "SELECT reject_reason FROM pegase_child_rejects WHERE source_table = 'intervention' AND id = 900001"), "an orphan after the last fiche too");
        }
        finally
        {
            await TestPostgres.ExecuteAsync($"""
                UPDATE personne SET nom = '{name}' WHERE id_personne = {person};
                DELETE FROM intervention WHERE id_intervention = 900001;
                """, _source.ConnectionString);
        }
    }

    private static async Task<List<int>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<int>();
        while (await reader.ReadAsync()) values.Add(reader.GetInt32(0));
        return values;
    }

    [TestMethod]
    public async Task A_dry_run_writes_nothing()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        var store = SqlHubStore.ForPostgres(hub.ConnectionString);
        await store.MigrateAsync();

        var counts = await MigrateAsync(hub, AllFiches with { DryRun = true });

        Assert.AreEqual(Rows, counts.Created + counts.Rejected);
        Assert.AreEqual(0L, await ScalarAsync<long>(hub, "SELECT count(*) FROM incidents"));
    }

    [TestMethod]
    public async Task The_mcic2_command_migrates_with_a_progress_line_per_chunk()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await MainCommand.InvokeAsync(
            ["migrate", "pegase", "--from", _source!.ConnectionString, "--batch", "1000", "--progress-every", "0", "--Hub:Profile=postgres", $"--Hub:Postgres={hub.ConnectionString}"],
            Stream.Null, stdout, stderr);

        Assert.AreEqual(0, exit, stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(3, lines.Count(l => l.StartsWith("pegase ", StringComparison.Ordinal)), stdout.ToString());
        StringAssert.StartsWith(lines.First(l => l.StartsWith("pegase ", StringComparison.Ordinal)), $"pegase 1000/{Rows} read: ", "the count first, for the ETA");
        Assert.IsTrue(lines.Any(l => l.StartsWith($"{Rows} read: ", StringComparison.Ordinal)), "the totals");
        StringAssert.StartsWith(lines.Single(l => l.StartsWith("reconciliation", StringComparison.Ordinal)), "reconciliation (all fiches): ");
        Assert.AreEqual(await ScalarAsync<long>(hub, "SELECT count(*) FROM pegase_fiches WHERE incident_key IS NOT NULL"),
            await ScalarAsync<long>(hub, "SELECT count(*) FROM incidents"));
    }

    private static async Task<MigrationCounts> MigrateAsync(ScratchSchema hub, PegaseMigrationOptions options,
        Action<MigrationCounts>? progress = null, CancellationToken cancellationToken = default)
    {
        var store = SqlHubStore.ForPostgres(hub.ConnectionString);
        if (!options.DryRun) await store.MigrateAsync(cancellationToken);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var job = new PegaseMigrationJob(store, new MigrationLedger(store.Dialect, hub.ConnectionString), new FicheMapper(clock), progress ?? (_ => { }));
        await using var source = new NpgsqlConnection(_source!.ConnectionString);
        await source.OpenAsync(cancellationToken);
        return await job.RunAsync(source, options, cancellationToken);
    }

    /// <summary>The target: every incident (key, version, content), every fiche's recorded outcome and every child row rejected.</summary>
    private static Task<string> ChecksumAsync(ScratchSchema hub) => ScalarAsync<string>(hub, """
        SELECT md5((SELECT string_agg(incident_key || ':' || version || ':' || incident_json, '|' ORDER BY incident_key) FROM incidents)
                || (SELECT string_agg(p::text, '|' ORDER BY id_fiche) FROM pegase_fiches p)
                || (SELECT string_agg(c::text, '|' ORDER BY source_table, id) FROM pegase_child_rejects c))
        """);

    private static Task<T> ScalarAsync<T>(ScratchSchema hub, string sql) => ScalarAsync<T>(hub.ConnectionString, sql);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
