using System.CommandLine;
using MCIC2.Interop.HubHost.Clock;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 dlq list|replay|discard</c>: the operator's desk over the dead letters (deliveries a partner refused, or
/// that ran out of attempts, and messages the hub accepted but could not process, listed with the partner
/// <c>mcic2.routing</c>), on the store of the hub the settings name. Exit 0 done, 1 nothing matched the replay's
/// filter, 2 an error (bad settings, unknown or unsuitable dead letter, store unreachable).
/// </summary>
internal static class DeadLettersCommand
{
    /// <summary>What the operator is told after a replay: the CLI writes to the store, the running hub's workers find it by polling.</summary>
    public const string PickUpNote =
        "a running hub sends replays with its next outbox poll (every 30 s by default); a stopped hub sends them when it starts";

    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("dlq", "See, replay or discard dead letters (deliveries refused by a partner or out of attempts, messages the hub could not process)")
        {
            List(stdout, stderr),
            Replay(stdout, stderr),
            Discard(stdout, stderr),
        };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var partner = PartnerOption("only this partner's dead letters");
        var group = GroupOption("only this failure group's dead letters");
        var groups = new Option<bool>("--groups") { Description = "print the failure groups (cause, count, partners) instead of the dead letters" };
        var command = new Command("list", "One line per dead letter, oldest first: sequence, delivery id, partner, family, incident, attempts, failure group, last error")
        {
            partner, group, groups,
        };
        return WithStore(command, stderr, async (parse, desk, cancel) =>
        {
            var filter = new DeadLetterFilter(PartnerId: parse.GetValue(partner), ErrorPrefix: parse.GetValue(group));
            if (parse.GetValue(groups))
            {
                var found = await desk.GroupsAsync(filter, cancel);
                if (found.Count == 0) stdout.WriteLine("no dead letters");
                else TextTable.Write(stdout, ["COUNT", "FAILURE GROUP", "PARTNERS"], found.Select(g => new[] { $"{g.Count}", g.Cause, string.Join(", ", g.Partners) }));
                return 0;
            }
            var deadLetters = await desk.ListAsync(filter, cancel);
            if (deadLetters.Count == 0)
            {
                stdout.WriteLine("no dead letters");
                return 0;
            }
            TextTable.Write(stdout, ["SEQ", "DELIVERY ID", "PARTNER", "FAMILY", "INCIDENT", "ATTEMPTS", "FAILURE GROUP", "LAST ERROR"],
                deadLetters.Select(d => new[]
                {
                    $"{d.Sequence}", d.Delivery.DeliveryId, d.Delivery.PartnerId, d.Delivery.Family, d.Delivery.IncidentKey, $"{d.Attempts}",
                    DeadLetterDesk.FailureGroupOf(d), TextTable.OneLine(d.LastError ?? ""),
                }));
            stdout.WriteLine(Plural(deadLetters.Count, "dead letter"));
            return 0;
        });
    }

    private static Command Replay(TextWriter stdout, TextWriter stderr)
    {
        var id = SequenceOption("the dead letter to replay (its SEQ in dlq list)");
        var partner = PartnerOption("replay all of this partner's dead letters");
        var group = GroupOption("replay all the dead letters of this failure group");
        var command = new Command("replay",
            "Replay dead letters in their original order: each becomes a new delivery (its id ends in .replay-N, linked to the original) " +
            $"at the end of its partner's queue; {PickUpNote}. Give --id, or --group and/or --partner")
        {
            id, partner, group,
        };
        return WithStore(command, stderr, async (parse, desk, cancel) =>
        {
            if ((parse.GetValue(id) is not null) == (parse.GetValue(partner) is not null || parse.GetValue(group) is not null))
                throw new OperatorException("say which dead letters to replay: --id SEQ, or --group G and/or --partner P");
            var chosen = parse.GetValue(id) is { } sequence
                ? [await DeadLetterAsync(desk, sequence, cancel)]
                : await desk.ListAsync(new DeadLetterFilter(PartnerId: parse.GetValue(partner), ErrorPrefix: parse.GetValue(group)), cancel);
            if (chosen.Count == 0)
            {
                stdout.WriteLine("nothing replayed: no dead letter matches (see mcic2 dlq list --groups)");
                return 1;
            }
            // One by one in their original order, each printed once done: if one fails, those before it are known.
            foreach (var deadLetter in chosen)
            {
                var replay = await desk.ReplayAsync(deadLetter.Sequence, cancel);
                stdout.WriteLine($"replayed {replay.Delivery.ReplayOf} to {replay.Delivery.PartnerId} as {replay.Sequence} {replay.Delivery.DeliveryId}");
            }
            stdout.WriteLine($"{chosen.Count} replayed: {PickUpNote}");
            return 0;
        });
    }

    private static Command Discard(TextWriter stdout, TextWriter stderr)
    {
        var id = SequenceOption("the dead letter to discard (its SEQ in dlq list)");
        var yes = new Option<bool>("--yes") { Description = "confirm: the message is then never delivered to this partner" };
        var command = new Command("discard", "Discard one dead letter for good, with --yes (it stays in the store, marked Discarded, and is no longer listed)") { id, yes };
        return WithStore(command, stderr, async (parse, desk, cancel) =>
        {
            var deadLetter = await DeadLetterAsync(desk, parse.GetValue(id) ?? throw new OperatorException("say which dead letter to discard: --id SEQ"), cancel);
            if (!parse.GetValue(yes))
                throw new OperatorException($"discarding {deadLetter.Sequence} {deadLetter.Delivery.DeliveryId} means {deadLetter.Delivery.PartnerId} never receives it: add --yes to confirm");
            await desk.DiscardAsync(deadLetter.Sequence, cancel);
            stdout.WriteLine($"discarded {deadLetter.Sequence} {deadLetter.Delivery.DeliveryId} to {deadLetter.Delivery.PartnerId} " +
                $"({deadLetter.Delivery.Family}, incident {deadLetter.Delivery.IncidentKey}, {Plural(deadLetter.Attempts, "attempt")}): {TextTable.OneLine(deadLetter.LastError ?? "")}");
            return 0;
        });
    }

    /// <summary>The author of what <c>mcic2</c> changes on the store, in the audit log: the account that ran it.</summary>
    public static string CliActor => $"cli:{Environment.UserName}";

    /// <summary>The desk's check, said as the CLI says things (unknown: where to look).</summary>
    private static async Task<StoredDelivery> DeadLetterAsync(DeadLetterDesk desk, long sequence, CancellationToken cancel)
    {
        try
        {
            return await desk.DeadLetterAsync(sequence, cancel);
        }
        catch (NotADeadLetterException e)
        {
            throw new OperatorException(e.Unknown ? $"{e.Message} (see mcic2 dlq list)" : e.Message);
        }
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static Option<string?> PartnerOption(string description) => new("--partner") { Description = description + " (partner id, e.g. fr.health.samu35)" };

    private static Option<string?> GroupOption(string description) =>
        new("--group") { Description = description + " (as printed by dlq list --groups, or the start of one)" };

    private static Option<long?> SequenceOption(string description) => new("--id") { Description = description };

    /// <summary>Runs <paramref name="work"/> on the store the settings name; an operator's mistake or an unreachable store is one line on stderr and exit 2.</summary>
    private static Command WithStore(Command command, TextWriter stderr, Func<ParseResult, DeadLetterDesk, CancellationToken, Task<int>> work)
    {
        // The hub settings (--Hub:KEY VALUE) are not options of the command: they reach HubSettings, which checks them.
        command.TreatUnmatchedTokensAsErrors = false;
        command.Description += ". " + HubSettings.Help;
        command.SetAction((parse, cancel) => HubSettings.OnStoreAsync(parse.UnmatchedTokens, stderr,
            (settings, store) => work(parse, new DeadLetterDesk(store.Outbox, HubClock.From(settings), by: new DeskOperator(CliActor)), cancel)));
        return command;
    }
}
