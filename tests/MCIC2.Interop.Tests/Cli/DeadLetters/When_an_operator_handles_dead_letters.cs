using System.Text.RegularExpressions;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Data.Sqlite;

namespace MCIC2.Interop.Tests.Cli.DeadLetters;

/// <summary>
/// <c>mcic2 dlq list|replay|discard</c> run in-process on a hub's data directory (SQLite <c>mcic2.db</c>) whose dead
/// letters were made through the outbox, as the delivery workers make them.
/// </summary>
[TestClass]
public sealed class When_an_operator_handles_dead_letters
{
    private const string Samu = "fr.health.samu35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string Refused422 = "refused: HTTP 422 UnprocessableEntity: unknown caseId";
    private const string OutOfAttempts = "out of attempts (5): HTTP 503 ServiceUnavailable: down for maintenance\nretry later";

    private TempDirectory _temp = null!;
    private string _directory = "";
    private SqlHubStore _store = null!;

    [TestInitialize]
    public async Task A_hub_with_dead_letters()
    {
        // Sequences 1..4: a1 refused, a2 delivered, a3 out of attempts (to the SAMU), b1 refused (to the CORG).
        _temp = new TempDirectory("mcic2-dlq-");
        _directory = _temp.Path;
        _store = SqlHubStore.ForSqlite($"Data Source={Path.Combine(_directory, "mcic2.db")}");
        await _store.MigrateAsync();
        await _store.InTransactionAsync(async transaction =>
        {
            foreach (var delivery in new[] { TestDeliveries.To(Samu, "a1"), TestDeliveries.To(Samu, "a2"), TestDeliveries.To(Samu, "a3"), TestDeliveries.To(Corg, "b1", "fr.police.cic35.case-2") })
                await transaction.EnqueueDeliveryAsync(delivery);
            return true;
        });
        await _store.Outbox.DeadLetterAsync(1, Refused422);
        await _store.Outbox.MarkDeliveredAsync(2, TestDeliveries.Start);
        await _store.Outbox.MarkAttemptFailedAsync(3, 4, TestDeliveries.Start, "transient: HTTP 503 ServiceUnavailable");
        await _store.Outbox.DeadLetterAsync(3, OutOfAttempts);
        await _store.Outbox.DeadLetterAsync(4, Refused422);
    }

    [TestCleanup]
    public void Remove_the_hub()
    {
        _temp.Dispose();
    }

    [TestMethod]
    public async Task List_prints_one_aligned_line_per_dead_letter_oldest_first()
    {
        var run = await Dlq("list");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        var lines = run.Lines;
        Assert.HasCount(5, lines, run.Stdout);
        CollectionAssert.AreEqual(new[] { "SEQ", "DELIVERY ID", "PARTNER", "FAMILY", "INCIDENT", "ATTEMPTS", "FAILURE GROUP", "LAST ERROR" }, Columns(lines[0]));
        CollectionAssert.AreEqual(new[] { "1", "a1", Samu, "RC-EDA", "fr.police.cic35.case-1", "1", "refused: HTTP 422 UnprocessableEntity", Refused422 }, Columns(lines[1]));
        CollectionAssert.AreEqual(new[] { "3", "a3", Samu, "RC-EDA", "fr.police.cic35.case-1", "5", "out of attempts (5): HTTP 503 ServiceUnavailable", OutOfAttempts.Replace('\n', ' ') }, Columns(lines[2]),
            "the partner's answer on one line");
        CollectionAssert.AreEqual(new[] { "4", "b1", Corg, "RC-EDA", "fr.police.cic35.case-2", "1", "refused: HTTP 422 UnprocessableEntity", Refused422 }, Columns(lines[3]));
        Assert.AreEqual("3 dead letters", lines[4]);
        Assert.AreEqual(1, lines.Take(4).Select(line => Regex.Match(line, @"^\S+\s+").Length).Distinct().Count(), "columns aligned:\n" + run.Stdout);
    }

    [TestMethod]
    public async Task List_filters_by_partner_and_by_failure_group()
    {
        var samu = await Dlq("list", "--partner", Samu);
        var refused = await Dlq("list", "--group", "refused: HTTP 422 UnprocessableEntity");

        CollectionAssert.AreEqual(new[] { "a1", "a3" }, samu.Lines.Skip(1).SkipLast(1).Select(line => Columns(line)[1]).ToArray());
        CollectionAssert.AreEqual(new[] { "a1", "b1" }, refused.Lines.Skip(1).SkipLast(1).Select(line => Columns(line)[1]).ToArray());
    }

    [TestMethod]
    public async Task Groups_prints_each_cause_with_its_count_and_partners()
    {
        var run = await Dlq("list", "--groups");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        CollectionAssert.AreEqual(new[] { "COUNT", "FAILURE GROUP", "PARTNERS" }, Columns(run.Lines[0]));
        CollectionAssert.AreEqual(new[] { "2", "refused: HTTP 422 UnprocessableEntity", $"{Corg}, {Samu}" }, Columns(run.Lines[1]));
        CollectionAssert.AreEqual(new[] { "1", "out of attempts (5): HTTP 503 ServiceUnavailable", Samu }, Columns(run.Lines[2]));
        Assert.HasCount(3, run.Lines);
    }

    [TestMethod]
    public async Task A_hub_without_dead_letters_says_so_and_exits_0()
    {
        foreach (var sequence in new long[] { 1, 3, 4 }) await _store.Outbox.DiscardAsync(sequence);

        var list = await Dlq("list");
        var groups = await Dlq("list", "--groups");

        Assert.AreEqual((0, "no dead letters"), (list.ExitCode, list.Stdout.Trim()));
        Assert.AreEqual((0, "no dead letters"), (groups.ExitCode, groups.Stdout.Trim()));
    }

    [TestMethod]
    public async Task Replaying_one_enqueues_a_new_delivery_linked_to_it_and_says_which()
    {
        var run = await Dlq("replay", "--id", "3");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        Assert.AreEqual($"replayed a3 to {Samu} as 5 a3.replay-1", run.Lines[0]);
        StringAssert.Contains(run.Lines[1], "1 replayed: a running hub sends replays with its next outbox poll");
        var replay = (await _store.Outbox.FindAsync(5))!;
        Assert.AreEqual(("a3.replay-1", "a3", DeliveryState.Pending), (replay.Delivery.DeliveryId, replay.Delivery.ReplayOf, replay.State));
        Assert.AreEqual("a3.replay-1", (await _store.Outbox.FindAsync(3))!.ReplayedAs);
        CollectionAssert.AreEqual(new[] { "a1", "b1" }, (await Dlq("list")).Lines.Skip(1).SkipLast(1).Select(line => Columns(line)[1]).ToArray());
    }

    [TestMethod]
    public async Task Replaying_a_partner_replays_its_dead_letters_in_their_original_order()
    {
        var run = await Dlq("replay", "--partner", Samu);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        CollectionAssert.AreEqual(new[] { $"replayed a1 to {Samu} as 5 a1.replay-1", $"replayed a3 to {Samu} as 6 a3.replay-1" }, run.Lines.Take(2).ToArray());
        Assert.AreEqual("a1.replay-1", (await _store.Outbox.NextPendingAsync(Samu))!.Delivery.DeliveryId, "the partner's queue has them in their first order");
        Assert.IsNull(await _store.Outbox.NextPendingAsync(Corg), "another partner's dead letters stay");
    }

    [TestMethod]
    public async Task Replaying_a_failure_group_replays_its_dead_letters_across_partners_in_order()
    {
        var run = await Dlq("replay", "--group", "refused: HTTP 422");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        CollectionAssert.AreEqual(new[] { $"replayed a1 to {Samu} as 5 a1.replay-1", $"replayed b1 to {Corg} as 6 b1.replay-1", "2 replayed: " + DeadLettersCommandNote },
            run.Lines);
        CollectionAssert.AreEqual(new[] { "a3" }, (await Dlq("list")).Lines.Skip(1).SkipLast(1).Select(line => Columns(line)[1]).ToArray());
    }

    [TestMethod]
    public async Task Replay_needs_one_way_of_saying_which_and_a_filter_matching_nothing_exits_1()
    {
        var none = await Dlq("replay");
        var both = await Dlq("replay", "--id", "1", "--partner", Samu);
        var nothing = await Dlq("replay", "--partner", "fr.fire.sdis35");

        Assert.AreEqual(2, none.ExitCode);
        StringAssert.Contains(none.Stderr, "--id SEQ, or --group G and/or --partner P");
        Assert.AreEqual(2, both.ExitCode);
        Assert.AreEqual(1, nothing.ExitCode);
        StringAssert.StartsWith(nothing.Stdout, "nothing replayed");
        Assert.IsNull(await _store.Outbox.NextPendingAsync(Samu), "nothing was replayed");
    }

    [TestMethod]
    public async Task An_unknown_sequence_or_one_that_is_not_a_dead_letter_is_a_clear_error_with_exit_2()
    {
        var unknown = await Dlq("replay", "--id", "99");
        var delivered = await Dlq("replay", "--id", "2");
        var unknownDiscard = await Dlq("discard", "--id", "99", "--yes");
        await Dlq("replay", "--id", "1");
        var again = await Dlq("replay", "--id", "1");
        var discardReplayed = await Dlq("discard", "--id", "1", "--yes");

        Assert.AreEqual((2, "there is no delivery 99 (see mcic2 dlq list)"), (unknown.ExitCode, unknown.Stderr.Trim()));
        Assert.AreEqual((2, "delivery 2 (a2) is Delivered, not a dead letter"), (delivered.ExitCode, delivered.Stderr.Trim()));
        Assert.AreEqual((2, "there is no delivery 99 (see mcic2 dlq list)"), (unknownDiscard.ExitCode, unknownDiscard.Stderr.Trim()));
        Assert.AreEqual((2, "dead letter 1 (a1) was already replayed as a1.replay-1"), (again.ExitCode, again.Stderr.Trim()));
        Assert.AreEqual(2, discardReplayed.ExitCode);
        Assert.AreEqual("", unknown.Stdout + delivered.Stdout + again.Stdout);
    }

    [TestMethod]
    public async Task Discarding_needs_yes_and_then_says_what_was_lost()
    {
        var unconfirmed = await Dlq("discard", "--id", "1");
        Assert.AreEqual(2, unconfirmed.ExitCode);
        StringAssert.Contains(unconfirmed.Stderr, "add --yes to confirm");
        Assert.AreEqual(DeliveryState.DeadLettered, (await _store.Outbox.FindAsync(1))!.State);

        var confirmed = await Dlq("discard", "--id", "1", "--yes");

        Assert.AreEqual(0, confirmed.ExitCode, confirmed.Stderr);
        Assert.AreEqual($"discarded 1 a1 to {Samu} (RC-EDA, incident fr.police.cic35.case-1, 1 attempt): {Refused422}", confirmed.Stdout.Trim());
        Assert.AreEqual(DeliveryState.Discarded, (await _store.Outbox.FindAsync(1))!.State);
        Assert.AreEqual("2 dead letters", (await Dlq("list")).Lines[^1]);
    }

    [TestMethod]
    public async Task Settings_come_as_for_the_host_and_a_wrong_data_directory_is_not_an_empty_hub()
    {
        var equals = await Mcic2("dlq", "list", $"--Hub:DataDirectory={_directory}", "--partner", Corg);
        var elsewhere = Path.Combine(_directory, "elsewhere");
        var wrong = await Mcic2("dlq", "list", "--Hub:DataDirectory", elsewhere);
        var typo = await Mcic2("dlq", "list", "--Hub:DataDirectory", _directory, "--parnter", Corg);
        var noPostgres = await Mcic2("dlq", "list", "--Hub:Profile", "postgres");

        Assert.AreEqual(0, equals.ExitCode, equals.Stderr);
        Assert.AreEqual("1 dead letter", equals.Lines[^1]);
        Assert.AreEqual(2, wrong.ExitCode);
        StringAssert.StartsWith(wrong.Stderr, $"no hub database at {Path.Combine(elsewhere, "mcic2.db")}");
        Assert.IsFalse(File.Exists(Path.Combine(elsewhere, "mcic2.db")), "no database created by looking");
        Assert.AreEqual(2, typo.ExitCode);
        StringAssert.Contains(typo.Stderr, "unknown argument '--parnter'");
        Assert.AreEqual((2, "Hub:Profile 'postgres' needs Hub:Postgres"), (noPostgres.ExitCode, noPostgres.Stderr.Trim()));
    }

    [TestMethod]
    public async Task Replays_and_discards_are_in_the_audit_log_under_the_account_that_ran_mcic2()
    {
        Assert.AreEqual(0, (await Dlq("replay", "--id", "3")).ExitCode);
        Assert.AreEqual(0, (await Dlq("discard", "--id", "1", "--yes")).ExitCode);
        Assert.AreEqual(2, (await Dlq("discard", "--id", "2", "--yes")).ExitCode, "a refusal is no change");

        var all = await Mcic2("audit", "list", "--Hub:DataDirectory", _directory);
        var ofCase2 = await Mcic2("audit", "list", "--incident", "fr.police.cic35.case-2", "--Hub:DataDirectory", _directory);
        var byNobody = await Mcic2("audit", "list", "--by", "nobody", "--Hub:DataDirectory", _directory);

        Assert.AreEqual(0, all.ExitCode, all.Stderr);
        CollectionAssert.AreEqual(new[] { "SEQ", "AT", "BY", "KIND", "ACTION", "INCIDENT", "TARGET", "DETAIL" }, Columns(all.Lines[0]));
        var author = $"cli:{Environment.UserName}";
        CollectionAssert.AreEqual(new[] { "2", author, "operator", "dead-letter.discarded", "fr.police.cic35.case-1", "a1" }, Columns(all.Lines[1]).Where((_, i) => i != 1).Take(6).ToArray());
        CollectionAssert.AreEqual(new[] { "1", author, "operator", "dead-letter.replayed", "fr.police.cic35.case-1", "a3", $"to {Samu} as 5 a3.replay-1" }, Columns(all.Lines[2]).Where((_, i) => i != 1).ToArray());
        Assert.HasCount(3, all.Lines);
        Assert.AreEqual("no audit entries", ofCase2.Stdout.Trim());
        Assert.AreEqual("no audit entries", byNobody.Stdout.Trim());
    }

    private const string DeadLettersCommandNote = "a running hub sends replays with its next outbox poll (every 30 s by default); a stopped hub sends them when it starts";

    /// <summary>The fields of an output line: columns are at least two spaces apart, values have single spaces at most.</summary>
    private static string[] Columns(string line) => Regex.Split(line.TrimEnd(), " {2,}");

    private Task<Run> Dlq(params string[] args) => Mcic2(["dlq", .. args, "--Hub:DataDirectory", _directory]);

    private static async Task<Run> Mcic2(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MainCommand.InvokeAsync(args, new MemoryStream(), stdout, stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
