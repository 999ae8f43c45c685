using MCIC2.Interop.Routing.Retention;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Routing;

/// <summary>The retention settings (<c>Hub:Retention:*</c>): the policy, whether the host applies it, and how often.</summary>
public sealed record RetentionSettings(RetentionPolicy Policy, bool Enabled, TimeSpan Every)
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromHours(1);

    public static RetentionSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Hub:Retention");
        var defaults = RetentionPolicy.Default;
        var policy = new RetentionPolicy(
            section.GetValue("Messages", defaults.Messages),
            section.GetValue("Incidents", defaults.Incidents),
            section.GetValue("BatchSize", defaults.BatchSize));
        var every = section.GetValue("Every", DefaultEvery);
        if (every <= TimeSpan.Zero) throw new InvalidOperationException($"Hub:Retention:Every must be above zero (got {every})");
        try
        {
            return new RetentionSettings(policy.Checked(), section.GetValue("Enabled", true), every);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }
}

/// <summary>
/// Applies the retention policy in the running hub: one pass shortly after the start, then every
/// <see cref="RetentionSettings.Every"/>, on the hub's clock. A hosted service rather than a Quartz job: one recurring
/// pass that may run late or twice without harm (what it removes is decided from the data at each pass, and a missed
/// pass is caught up by the next) needs no persistent schedule, misfire policy or job store.
/// </summary>
public sealed class RetentionJob(SqlHubStore store, RetentionSettings settings, TimeProvider time, ILogger<RetentionJob> log) : BackgroundService
{
    /// <summary>The first pass waits this long: the start (the bus's recovery, the intake gate) goes first.</summary>
    public static readonly TimeSpan FirstPassAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            log.LogWarning("Retention is off (Hub:Retention:Enabled=false): received messages, deliveries and incidents are kept forever");
            return;
        }
        try
        {
            await Task.Delay(FirstPassAfter, time, stoppingToken);
            while (true)
            {
                try
                {
                    var report = await new SqlRetention(store).RunAsync(settings.Policy, time.GetUtcNow(), dryRun: false, stoppingToken);
                    log.LogInformation("Retention pass: {Report}", report);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy or unreachable store must not stop retention: the next pass removes what this one did not.
                    log.LogError(e, "Retention pass failed");
                }
                await Task.Delay(settings.Every, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
