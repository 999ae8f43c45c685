using System.CommandLine;
using System.Globalization;
using MCIC2.Interop.Routing.Audit;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary><c>mcic2 audit list [--incident ID] [--by WHO]</c>: the audit log of the hub the settings name, newest first.
/// Read only: the log has no way to be changed, here or anywhere.</summary>
internal static class AuditCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("audit", "The audit log: who read or changed which incident, and every dead letter replayed or discarded") { List(stdout, stderr) };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var incident = new Option<string?>("--incident") { Description = "only the entries of this incident (its key, e.g. fr.fire.sdis35.SC-123)" };
        var by = new Option<string?>("--by") { Description = "only the entries of this author (an operator's subject, a partner id, cli:USER, mcic2.hub)" };
        var limit = new Option<int>("--limit") { Description = "at most this many entries", DefaultValueFactory = _ => AuditQuery.DefaultLimit };
        var command = new Command("list", "One line per entry, newest first: sequence, time (UTC), author, kind, action, incident, target, detail. " + HubSettings.Help)
        {
            incident, by, limit,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancel) => HubSettings.OnStoreAsync(parse.UnmatchedTokens, stderr, async (_, store) =>
        {
            if (parse.GetValue(limit) < 1) throw new OperatorException("--limit must be at least 1");
            var entries = await store.Audit.ListAsync(new AuditQuery(parse.GetValue(incident), parse.GetValue(by), parse.GetValue(limit)), cancel);
            if (entries.Count == 0)
            {
                stdout.WriteLine("no audit entries");
                return 0;
            }
            TextTable.Write(stdout, ["SEQ", "AT", "BY", "KIND", "ACTION", "INCIDENT", "TARGET", "DETAIL"], entries.Select(e => new[]
            {
                $"{e.Sequence}", e.Entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.Entry.Actor, e.Entry.ActorKind.ToString().ToLowerInvariant(),
                e.Entry.Action, e.Entry.IncidentKey ?? "-", e.Entry.Target ?? "-", TextTable.OneLine(e.Entry.Detail ?? ""),
            }));
            return 0;
        }));
        return command;
    }
}
