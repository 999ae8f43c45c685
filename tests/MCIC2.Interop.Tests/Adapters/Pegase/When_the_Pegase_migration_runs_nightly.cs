using System.Diagnostics;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.HubHost.Migration;
using MCIC2.Interop.HubHost.Migration.Nightly;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PegaseGenerator;
using MCIC2.Interop.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Quartz;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>
/// The nightly increment (<c>Hub:Migration:Pegase:Nightly</c>) scheduled by Quartz in the hub's own database, from a
/// generated Pégase source on PostgreSQL. Time is the test's: a clock set to fixed dates (real timers, so Quartz's own
/// waits run), or a fake one when the job is run directly; no test waits for a real night.
/// </summary>
[TestClass]
public sealed class When_the_Pegase_migration_runs_nightly
{
    private const int Rows = 300;
    private static ScratchDatabase? _source;

    [ClassInitialize]
    public static async Task GenerateSource(TestContext _)
    {
        _source = await ScratchDatabase.CreateAsync("pegase_night_");
        await PegaseDatabaseFiller.FillAsync(_source.ConnectionString, Rows, seed: 7);
    }

    [ClassCleanup]
    public static async Task DropSource()
    {
        if (_source is not null) await _source.DropAsync();
    }

    [TestMethod]
    public async Task The_schedule_survives_a_restart_and_the_nights_missed_while_the_hub_was_down_run_once_at_start()
    {
        using var directory = new TempDirectory("mcic2-nightly-");
        var data = Path.Combine(directory.Path, "data");
        string[] embedded = ["--Hub:DataDirectory", data];
        var clock = new SetClock(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));

        await using (var first = Hub(embedded, clock))
        {
            await first.StartAsync();
            var trigger = await StoredTriggerAsync(first);
            Assert.AreEqual(new DateTimeOffset(2026, 3, 11, 2, 30, 0, TimeSpan.Zero), trigger.NextFireTimeUtc, "03:30 in Paris (winter time)");
            await first.StopAsync();
        }
        var hubDatabase = $"Data Source={Path.Combine(data, "mcic2.db")}";
        Assert.AreEqual(1L, await SqliteScalarAsync(hubDatabase, "SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'pegase-nightly'"), "the schedule is in the hub's SQLite database");
        Assert.AreEqual(0L, await SqliteScalarAsync(hubDatabase, "SELECT count(*) FROM sqlite_master WHERE name = 'pegase_nightly_runs'"), "nothing ran yet");

        clock.Now = new DateTimeOffset(2026, 3, 13, 12, 0, 0, TimeSpan.Zero); // the nights of the 11th, 12th and 13th missed
        await using (var second = Hub(embedded, clock))
        {
            await second.StartAsync();
            var runs = await RunsAsync(second, atLeast: 1);
            var trigger = await StoredTriggerAsync(second);
            await second.StopAsync();

            Assert.HasCount(1, runs, "three nights missed, one run at start");
            Assert.AreEqual((NightlyOutcome.Succeeded, (long)Rows, null), (runs[0].Outcome, runs[0].Counts.Read, runs[0].SinceLocal), runs[0].Error);
            Assert.AreEqual(clock.Now, runs[0].StartedAt, "at start");
            Assert.AreEqual(new DateTimeOffset(2026, 3, 14, 2, 30, 0, TimeSpan.Zero), trigger.NextFireTimeUtc, "then the schedule goes on, nothing left to catch up");
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.AreEqual(0, await MainCommand.InvokeAsync(["migrate", "pegase", "--schedule", "--Hub:DataDirectory", data], Stream.Null, stdout, stderr), stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual("nightly increment: cron '0 30 3 * * ?' (Europe/Paris), waiting; next run 2026-03-14T03:30:00+01:00, last fired 2026-03-13T13:00:00+01:00", lines[0]);
        StringAssert.StartsWith(lines[1], $"2026-03-13T13:00:00+01:00 succeeded (*, since the first fiche): {Rows} read: ");
        Assert.HasCount(2, lines);
    }

    [TestMethod]
    public async Task On_PostgreSQL_its_rows_are_in_the_hub_database_the_hub_stops_in_time_while_an_increment_runs_and_the_run_resumes_at_the_next_start()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        var blocked = await ScratchDatabase.CreateAsync("pegase_lock_");
        try
        {
            await TestPostgres.ExecuteAsync(PegaseSource.Schema(sqlServer: false), blocked.ConnectionString);
            string[] postgres = ["--Hub:Profile=postgres", $"--Hub:Postgres={hub.ConnectionString}", $"--Hub:BusSchema={hub.Name}", "--Hub:SingleNode=true"];
            var clock = new SetClock(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
            var shutdownTimeout = TimeSpan.FromSeconds(10);
            await using var app = Hub(postgres, clock, blocked.ConnectionString, services => services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout));
            await app.StartAsync();
            var trigger = await StoredTriggerAsync(app);
            Assert.AreEqual(new DateTimeOffset(2026, 7, 2, 1, 30, 0, TimeSpan.Zero), trigger.NextFireTimeUtc, "03:30 in Paris (summer time)");
            Assert.AreEqual(1L, await PostgresScalarAsync(hub.ConnectionString, "SELECT count(*) FROM qrtz_cron_triggers WHERE trigger_name = 'pegase-nightly'"));
            Assert.AreEqual(1L, await PostgresScalarAsync(hub.ConnectionString, "SELECT count(*) FROM qrtz_job_details WHERE job_name = 'pegase-nightly'"));

            // The source's fiches locked: the increment fired now waits on them until the hub stops.
            await using var holder = new NpgsqlConnection(blocked.ConnectionString);
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await new NpgsqlCommand("LOCK TABLE fiche IN ACCESS EXCLUSIVE MODE", holder, transaction).ExecuteNonQueryAsync();
            await (await SchedulerAsync(app)).TriggerJob(PegaseNightlyJob.Key);
            await Poll.WaitUntil(() => PostgresScalarAsync(TestPostgres.ConnectionString,
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{blocked.Name}' AND wait_event_type = 'Lock'").Result > 0, TimeSpan.FromSeconds(30), "the increment waiting on the source");

            var watch = Stopwatch.StartNew();
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            watch.Stop();
            await transaction.RollbackAsync();

            Assert.IsLessThan(shutdownTimeout, watch.Elapsed, $"the hub stopped in {watch.Elapsed.TotalSeconds:F1} s with the increment running");
            var interrupted = await new NightlyRuns(Ledger(hub.ConnectionString)).LatestAsync(10, CancellationToken.None);
            Assert.AreEqual(NightlyOutcome.Interrupted, interrupted.Single().Outcome);

            clock.Now += TimeSpan.FromMinutes(5);
            await using var restarted = Hub(postgres, clock, blocked.ConnectionString);
            await restarted.StartAsync();
            var runs = await RunsAsync(restarted, atLeast: 2);
            await restarted.StopAsync();
            Assert.AreEqual((NightlyOutcome.Succeeded, clock.Now), (runs[0].Outcome, runs[0].StartedAt), "the stopped run is fired again at the next start");
        }
        finally
        {
            await blocked.DropAsync();
        }
    }

    [TestMethod]
    public async Task An_increment_migrates_only_the_fiches_changed_since_the_last_run()
    {
        await using var hub = await ScratchSchema.CreateAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var store = SqlHubStore.ForPostgres(hub.ConnectionString);
        var ledger = Ledger(hub.ConnectionString);
        var job = new PegaseNightlyJob(new NightlyMigrationSettings { Enabled = true, From = _source!.ConnectionString, Batch = 100 },
            store, ledger, new NightlyRuns(ledger), time, NullLogger<PegaseNightlyJob>.Instance);

        var first = await job.RunAsync(CancellationToken.None);
        Assert.AreEqual((NightlyOutcome.Succeeded, (long)Rows, null), (first.Outcome, first.Counts.Read, first.SinceLocal), first.Error);

        var changed = await PostgresScalarAsync(hub.ConnectionString, "SELECT min(id_fiche) FROM pegase_fiches WHERE incident_key IS NOT NULL");
        await TestPostgres.ExecuteAsync($"UPDATE fiche SET observations = 'suite de nuit', date_maj = '2026-06-01 10:00' WHERE id_fiche = {changed}", _source.ConnectionString);
        time.Advance(TimeSpan.FromDays(1));
        var second = await job.RunAsync(CancellationToken.None);

        Assert.AreEqual(new DateTime(2026, 6, 1, 1, 0, 0), second.SinceLocal, "the first run's start (02:00 in Paris) less the hour of overlap");
        Assert.AreEqual((NightlyOutcome.Succeeded, 1L, 1L, 0L), (second.Outcome, second.Counts.Read, second.Counts.Updated, second.Counts.Created), second.Error);
        time.Advance(TimeSpan.FromDays(1));
        var third = await job.RunAsync(CancellationToken.None);
        Assert.AreEqual((new DateTime(2026, 6, 2, 1, 0, 0), 0L), (third.SinceLocal, third.Counts.Read), "the watermark moved: nothing changed since");
        Assert.HasCount(3, await new NightlyRuns(ledger).LatestAsync(10, CancellationToken.None));
    }

    [TestMethod]
    public void A_bad_cron_expression_a_misspelt_key_or_no_source_is_refused_at_start_naming_the_key()
    {
        using var directory = new TempDirectory("mcic2-nightly-");
        string[] common = ["--urls", "http://127.0.0.1:0", "--Hub:DataDirectory", directory.Path, "--Hub:Migration:Pegase:Nightly:Enabled", "true"];

        var badCron = Assert.ThrowsExactly<InvalidOperationException>(() => HubHostBuilder.Build([.. common, "--Hub:Migration:Pegase:Nightly:From", "Host=pegase",
            "--Hub:Migration:Pegase:Nightly:Cron", "0 30 25 * * ?"]));
        StringAssert.Contains(badCron.Message, "Hub:Migration:Pegase:Nightly:Cron '0 30 25 * * ?'");
        var misspelt = Assert.ThrowsExactly<InvalidOperationException>(() => HubHostBuilder.Build([.. common, "--Hub:Migration:Pegase:Nightly:From", "Host=pegase",
            "--Hub:Migration:Pegase:Nightly:Crom", "0 0 4 * * ?"]));
        StringAssert.Contains(misspelt.Message, "Crom");
        var noSource = Assert.ThrowsExactly<InvalidOperationException>(() => HubHostBuilder.Build(common));
        StringAssert.Contains(noSource.Message, "Hub:Migration:Pegase:Nightly:From");
    }

    [TestMethod]
    public void The_next_run_is_at_half_past_three_in_Paris_winter_and_summer_time_alike()
    {
        var settings = NightlyMigrationSettings.Of(new ConfigurationBuilder().AddInMemoryCollection([
            new("Hub:Migration:Pegase:Nightly:Enabled", "true"), new("Hub:Migration:Pegase:Nightly:From", "Host=pegase")]).Build())!;

        Assert.AreEqual(new DateTimeOffset(2026, 1, 16, 2, 30, 0, TimeSpan.Zero), settings.NextRunAfter(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.AreEqual(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), settings.NextRunAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)), "the night summer time starts");
        Assert.AreEqual(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.Zero), settings.NextRunAfter(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero)), "the night it ends");
    }

    private static WebApplication Hub(string[] profile, TimeProvider clock, string? from = null, Action<IServiceCollection>? more = null) =>
        HubHostBuilder.Build(["--urls", "http://127.0.0.1:0", "--Hub:DrainTimeout", "00:00:01", .. profile,
            "--Hub:Migration:Pegase:Nightly:Enabled=true", $"--Hub:Migration:Pegase:Nightly:From={from ?? _source!.ConnectionString}", "--Hub:Migration:Pegase:Nightly:Batch=100"],
            services =>
            {
                services.AddSingleton(clock);
                more?.Invoke(services);
            });

    private static MigrationLedger Ledger(string connectionString) => new(SqlDialect.Postgres, connectionString);

    private static async Task<IScheduler> SchedulerAsync(WebApplication app) =>
        await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>The nightly trigger once the started scheduler has stored it.</summary>
    private static async Task<ITrigger> StoredTriggerAsync(WebApplication app)
    {
        var scheduler = await SchedulerAsync(app);
        ITrigger? trigger = null;
        if (!await Poll.UntilAsync(async () => scheduler.Status == SchedulerStatus.Running && (trigger = await scheduler.GetTrigger(PegaseNightlyJob.Trigger)) is not null, TimeSpan.FromSeconds(30)))
            Assert.Fail("the nightly trigger was not stored");
        return trigger!;
    }

    /// <summary>The runs recorded (a run is recorded as it ends), once there are at least <paramref name="atLeast"/>.</summary>
    private static async Task<IReadOnlyList<NightlyRun>> RunsAsync(WebApplication app, int atLeast)
    {
        var runs = app.Services.GetRequiredService<NightlyRuns>();
        IReadOnlyList<NightlyRun> latest = [];
        async Task<bool> Done()
        {
            try
            {
                latest = await runs.LatestAsync(10, CancellationToken.None);
            }
            catch (SqliteException)
            {
                return false; // the table comes with the first run
            }
            return latest.Count >= atLeast;
        }
        if (!await Poll.UntilAsync(Done, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100))) Assert.Fail($"{latest.Count} nightly runs recorded, {atLeast} expected");
        return latest;
    }

    private static async Task<long> SqliteScalarAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<long> PostgresScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>A clock the test sets to fixed dates; its timers are the system's, so Quartz's own waits run.</summary>
    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
