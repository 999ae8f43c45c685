using System.CommandLine;
using System.Data.Common;
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
        run.SetAction(async (parse, cancel) =>
        {
            try
            {
                var settings = HubSettings.From(parse.UnmatchedTokens);
                var policy = RetentionSettings.From(settings).Policy;
                var report = await new SqlRetention(HubSettings.OpenStore(settings)).RunAsync(policy, HubClock.From(settings).GetUtcNow(), parse.GetValue(dryRun), cancel);
                stdout.WriteLine(report);
                return 0;
            }
            catch (Exception e) when (e is OperatorException or InvalidOperationException)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
            catch (DbException e)
            {
                stderr.WriteLine($"cannot work on the hub store: {e.Message}");
                return 2;
            }
        });
        return new Command("retention", "Apply the retention policy (the running hub does it every Hub:Retention:Every)") { run };
    }
}
