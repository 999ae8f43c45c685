using System.CommandLine;
using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 retention run [--dry-run]</c>: one retention pass on the store of the hub the settings name (the policy of
/// <c>Hub:Retention:*</c>, the hub's clock), printing what it removed — or, with <c>--dry-run</c>, what it would remove.
/// Safe beside a running hub: the pass works in short batches. Exit 0 done, 2 an error (bad settings, store unreachable).
/// </summary>
internal static class RetentionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "count what the pass would remove, remove nothing" };
        var run = new Command("run", "Remove what the retention policy says the hub is done with (Hub:Retention:Messages, Hub:Retention:Incidents). " + HubSettings.Help)
        {
            dryRun,
        };
        // The hub settings (--Hub:KEY VALUE) are not options of the command: they reach HubSettings, which checks them.
        run.TreatUnmatchedTokensAsErrors = false;
        run.SetAction((parse, cancel) => HubSettings.OnStoreAsync(parse.UnmatchedTokens, stderr, async (settings, store) =>
        {
            var report = await new SqlRetention(store).RunAsync(RetentionSettings.From(settings).Policy, HubClock.From(settings).GetUtcNow(), parse.GetValue(dryRun), cancel);
            stdout.WriteLine(report);
            return 0;
        }));
        return new Command("retention", "Apply the retention policy (the running hub does it every Hub:Retention:Every)") { run };
    }
}
