using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.Routing.Storage;
using Quartz;

namespace MCIC2.Interop.HubHost.Migration.Nightly;

/// <summary>
/// The Quartz scheduler of the nightly Pégase increment, when <c>Hub:Migration:Pegase:Nightly:Enabled</c> is true. Its
/// job store is the hub's own database — the SQLite file of the embedded profile, the PostgreSQL of the others —
/// whose <c>qrtz_*</c> tables it creates at its first start. It takes the hub's TimeProvider from the container.
/// <list type="bullet">
/// <item>The schedule survives a restart: the declared trigger replaces the stored one but keeps its firing history
/// (<see cref="SchedulingOptions.ScheduleTriggerRelativeToReplacedTrigger"/>), so a changed cron takes effect and a
/// night missed while the hub was down is still seen as missed.</item>
/// <item>Misfire: a missed night fires once at start, then the schedule goes on (<see cref="CronTriggerMisfireInstruction.FireAndProceed"/>),
/// however many nights were missed: one increment since the last success takes everything they would have.</item>
/// <item>Shutdown: a running increment is asked to stop (its checkpoint kept), the scheduler waits for it, and
/// Quartz hands the firing back for recovery (the job requests recovery): it resumes at the next start.</item>
/// </list>
/// </summary>
public static class NightlyServices
{
    public static void AddPegaseNightly(this IServiceCollection services, IConfiguration configuration, HubProfile profile)
    {
        if (NightlyMigrationSettings.Of(configuration) is not { } settings) return;
        var connection = RoutingServices.HubConnectionOf(configuration.GetSection("Hub"), profile);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new MigrationLedger(sp.GetRequiredService<SqlHubStore>().Dialect, connection));
        services.AddSingleton<NightlyRuns>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "mcic2-pegase";
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            quartz.UsePersistentStore(store =>
            {
                if (profile is EmbeddedProfile) store.UseSqlite(connection);
                else store.UsePostgres(connection);
                store.ProvisionSchema();
                // A run stopped by the shutdown is fired again at the next start (it resumes its checkpoint).
                store.ConfigureStore(options => options.RecoverFiringsCancelledByShutdown = true);
            });
            quartz.AddJob<PegaseNightlyJob>(job => job.WithIdentity(PegaseNightlyJob.Key).StoreDurably().RequestRecovery()
                .WithDescription("Pégase nightly increment (docs/pegase-legacy.md)"));
            quartz.AddTrigger(trigger => trigger.ForJob(PegaseNightlyJob.Key).WithIdentity(PegaseNightlyJob.Trigger)
                .WithCronSchedule(settings.Cron, cron => cron.InTimeZone(NightlyMigrationSettings.Paris)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        services.Configure<QuartzOptions>(options =>
        {
            options.Scheduling.OverwriteExistingData = true;
            options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
    }
}
