using Quartz;

namespace MCIC2.Interop.HubHost.Migration.Nightly;

/// <summary>
/// <c>Hub:Migration:Pegase:Nightly</c>: the nightly increment of a centre still on Pégase, until it switches
/// (docs/pegase-legacy.md). Bound strictly: a key this class does not have fails the start, naming it, as the other
/// <c>Hub:*</c> sections do; so do a missing source and a cron expression Quartz cannot read.
/// </summary>
public sealed class NightlyMigrationSettings
{
    public const string Section = "Hub:Migration:Pegase:Nightly";

    /// <summary>03:30 every night: after both daylight-saving changes (02:00–03:00), so it happens exactly once every day.</summary>
    public const string DefaultCron = "0 30 3 * * ?";

    /// <summary>The cron expressions' time zone: the centres' legal time, as the Pégase times are. Looked up when
    /// used, so a hub without the nightly increment never needs the machine's tz database.</summary>
    public static TimeZoneInfo Paris => TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public bool Enabled { get; set; }

    /// <summary>The Pégase database, as <c>mcic2 migrate pegase --from</c> takes it.</summary>
    public string? From { get; set; }

    /// <summary>Only this centre's fiches (<c>--centre</c>); all when unset.</summary>
    public string? Centre { get; set; }

    /// <summary>A Quartz cron expression (seconds first), in Europe/Paris time.</summary>
    public string Cron { get; set; } = DefaultCron;

    public int Batch { get; set; } = 1000;

    /// <summary>The settings when the nightly increment is on; null when the section is absent or <c>Enabled</c> is false.</summary>
    public static NightlyMigrationSettings? Of(IConfiguration configuration)
    {
        var migration = configuration.GetSection("Hub:Migration").Get<MigrationSection>(binder => binder.ErrorOnUnknownConfiguration = true);
        if (migration?.Pegase?.Nightly is not { Enabled: true } settings) return null;
        if (string.IsNullOrWhiteSpace(settings.From))
            throw new InvalidOperationException($"{Section}:From is needed when {Section}:Enabled is true (the Pégase database's connection string)");
        if (settings.Batch < 1)
            throw new InvalidOperationException($"{Section}:Batch must be at least 1 (got {settings.Batch})");
        try
        {
            _ = new CronExpression(settings.Cron, Paris);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{Section}:Cron '{settings.Cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week): {e.Message}", e);
        }
        return settings;
    }

    /// <summary>When the schedule fires next after <paramref name="instant"/>.</summary>
    public DateTimeOffset? NextRunAfter(DateTimeOffset instant) => new CronExpression(Cron, Paris).GetNextValidTimeAfter(instant);

    private sealed class MigrationSection
    {
        public PegaseSection? Pegase { get; set; }
    }

    private sealed class PegaseSection
    {
        public NightlyMigrationSettings? Nightly { get; set; }
    }
}
