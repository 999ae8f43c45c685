using Dapper;

namespace MCIC2.Interop.HubHost.Migration.Nightly;

/// <summary>The nightly trigger as Quartz stored it in the hub's database: its cron, when it fires next and fired last.</summary>
public sealed record NightlySchedule(string Cron, string TimeZone, DateTimeOffset? Next, DateTimeOffset? Previous, string State)
{
    /// <summary>Read from Quartz's tables (<c>qrtz_triggers</c>, <c>qrtz_cron_triggers</c>; times are UTC ticks there);
    /// null when the hub never scheduled the increment (no such tables, or no trigger).</summary>
    public static async Task<NightlySchedule?> ReadAsync(MigrationLedger ledger, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string Cron, string Zone, long? Next, long? Previous, string State)?>(new CommandDefinition("""
                SELECT c.cron_expression, c.time_zone_id, t.next_fire_time, t.prev_fire_time, t.trigger_state
                FROM qrtz_triggers t
                JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
                WHERE t.trigger_name = @name AND t.trigger_group = @group
                """, new { name = PegaseNightlyJob.Trigger.Name, group = PegaseNightlyJob.Trigger.Group }, cancellationToken: cancellationToken));
            return row is { } r ? new NightlySchedule(r.Cron, r.Zone, Instant(r.Next), Instant(r.Previous), r.State) : null;
        }
        catch (System.Data.Common.DbException)
        {
            return null; // no Quartz tables: the nightly increment was never enabled on this hub
        }
    }

    // Quartz writes -1 (or nothing) for "never".
    private static DateTimeOffset? Instant(long? ticks) => ticks is > 0 ? new DateTimeOffset(ticks.Value, TimeSpan.Zero) : null;
}
