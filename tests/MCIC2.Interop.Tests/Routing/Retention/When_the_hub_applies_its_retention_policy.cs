using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Retention;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Retention;

/// <summary>
/// The retention pass on both stores, in fake time, over what the real processor and outbox wrote: what is old and
/// done goes, what is still owed (pending, held, dead-lettered, in an open handover) stays whatever its age.
/// </summary>
[TestClass]
public sealed class When_the_hub_applies_its_retention_policy
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Cic = "fr.police.cic35";
    private const string Case = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";

    // Small batches, so that every pass below runs several.
    private static readonly RetentionPolicy Policy = RetentionPolicy.Default with { BatchSize = 2 };

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Delivered_messages_and_their_deliveries_go_once_the_period_has_passed_since_their_last_delivery(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.CaseWithUpdatesAsync(Sdis, updates: 4);
        var written = (await hub.DeliveriesAsync()).Count;
        hub.Time.Advance(TimeSpan.FromHours(2));
        await hub.DeliverAllAsync();

        hub.Time.Advance(Policy.Messages - TimeSpan.FromHours(1));
        var tooEarly = await hub.RetainAsync();
        hub.Time.Advance(TimeSpan.FromHours(2));
        var dryRun = await hub.RetainAsync(dryRun: true);
        var pass = await hub.RetainAsync();

        Assert.AreEqual(new RetentionReport(false, 0, 0, 0, tooEarly.ReclaimedBytes), tooEarly, "the last delivery was less than the period ago");
        Assert.AreEqual(15, written, "5 messages, each to the CORG and the SAMU and acknowledged to the SDIS");
        Assert.AreEqual((true, 5L, 15L, 0L), (dryRun.DryRun, dryRun.Messages, dryRun.Deliveries, dryRun.Incidents), "the dry run counts what the pass removes");
        Assert.AreEqual((5L, 15L, 0L), (pass.Messages, pass.Deliveries, pass.Incidents), "the incident is kept far longer than its messages");
        Assert.IsEmpty(await hub.DeliveriesAsync());
        Assert.IsNotNull(await hub.IncidentAsync());
        Assert.AreNotEqual(ProcessingVerdict.Duplicate, (await hub.PostAsync(Sdis, $"{Sdis}_0001")).Verdict, "a message removed is no longer known as received");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_message_with_a_delivery_still_pending_stays_whatever_its_age(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.CaseWithUpdatesAsync(Sdis, updates: 2);
        await hub.DeliverAllAsync(except: Samu);

        hub.Time.Advance(TimeSpan.FromDays(365));
        var pass = await hub.RetainAsync();

        Assert.AreEqual((0L, 0L, 0L), (pass.Messages, pass.Deliveries, pass.Incidents), "every message still has a delivery pending for the SAMU");
        Assert.HasCount(9, await hub.DeliveriesAsync());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_dead_letter_keeps_its_message_until_it_is_discarded(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.CaseWithUpdatesAsync(Sdis, updates: 1);
        var deadLetter = await hub.DeadLetterHeadAsync(Samu);
        await hub.DeliverAllAsync();

        hub.Time.Advance(TimeSpan.FromDays(365));
        var whileDeadLettered = await hub.RetainAsync();
        await hub.Store.Outbox.DiscardAsync(deadLetter.Sequence);
        var onceDiscarded = await hub.RetainAsync();

        Assert.AreEqual((1L, 3L), (whileDeadLettered.Messages, whileDeadLettered.Deliveries), "only the update goes: the case's SAMU copy is a dead letter");
        Assert.AreEqual((1L, 3L), (onceDiscarded.Messages, onceDiscarded.Deliveries), "discarded, the dead letter is handled");
        Assert.IsEmpty(await hub.DeliveriesAsync());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_replayed_dead_letter_keeps_its_message_until_the_replay_is_delivered_and_old(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.CaseWithUpdatesAsync(Sdis, updates: 0);
        var deadLetter = await hub.DeadLetterHeadAsync(Samu);
        await hub.DeliverAllAsync();
        hub.Time.Advance(TimeSpan.FromDays(365));
        await hub.Store.Outbox.ReplayAsync(deadLetter.Sequence, hub.Time.GetUtcNow());

        var whilePending = await hub.RetainAsync();
        await hub.DeliverAllAsync();
        var justDelivered = await hub.RetainAsync();
        hub.Time.Advance(Policy.Messages + TimeSpan.FromMinutes(1));
        var later = await hub.RetainAsync();

        Assert.AreEqual(0L, whilePending.Messages, "the replay is pending");
        Assert.AreEqual(0L, justDelivered.Messages, "the replay was delivered just now: the period counts from it");
        Assert.AreEqual((1L, 4L), (later.Messages, later.Deliveries), "the case, its three deliveries and the replay");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_message_the_hub_could_not_process_goes_once_its_dead_letter_is_discarded(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        var bytes = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, $"{Sdis}_0001", hub.Time.GetUtcNow());
        await hub.Processor.DeadLetterAsync(new AcceptedMessage($"{Sdis}_0001", Sdis, Case, "RC-EDA", "application/json", bytes, hub.Time.GetUtcNow()) { Format = "cisu-json" },
            UnprocessedMessages.FailureOf(new InvalidOperationException("a bug")));
        await hub.DeliverAllAsync();
        var deadLetter = (await hub.Store.Outbox.DeadLettersAsync(UnprocessedMessages.QueueId)).Single();

        hub.Time.Advance(TimeSpan.FromDays(365));
        var whileDeadLettered = await hub.RetainAsync();
        await hub.Store.Outbox.DiscardAsync(deadLetter.Sequence);
        var dryRun = await hub.RetainAsync(dryRun: true);
        var onceDiscarded = await hub.RetainAsync();

        Assert.AreEqual(0L, whileDeadLettered.Messages, "its dead letter is still to be handled");
        Assert.AreEqual((1L, 2L), (dryRun.Messages, dryRun.Deliveries));
        Assert.AreEqual((1L, 2L), (onceDiscarded.Messages, onceDiscarded.Deliveries), "the dead letter and the RS-ERROR its sender was sent");
        Assert.IsEmpty(await hub.DeliveriesAsync());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_message_held_for_its_case_stays(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        var held = await hub.PostAsync(Sdis, $"{Sdis}_0002", PartnerMessages.FireResources);

        hub.Time.Advance(TimeSpan.FromDays(365));
        var pass = await hub.RetainAsync();

        Assert.AreEqual(ProcessingVerdict.Held, held.Verdict, held.Detail);
        Assert.AreEqual(0L, pass.Messages);
        Assert.AreEqual(1, await hub.Processor.GiveUpOnStaleHeldAsync(), "still held, its sender can still be told its case never came");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_message_whose_incident_has_a_handover_open_stays(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.PostAsync(Cic, $"{Cic}_0001");
        await hub.DeliverAllAsync();
        Assert.IsNotEmpty((await hub.IncidentAsync())!.Incident.Handovers, "the police hand the case in gendarmerie zone over to the CORG");

        hub.Time.Advance(TimeSpan.FromDays(365));
        var pass = await hub.RetainAsync();

        Assert.AreEqual(0L, pass.Messages, "an escalation to the backup address resends the original delivery");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task An_incident_goes_the_period_after_its_last_change_once_nothing_of_it_is_owed(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.CaseWithUpdatesAsync(Sdis, updates: 1);
        await hub.DeliverAllAsync(except: Samu);

        hub.Time.Advance(Policy.Incidents + TimeSpan.FromDays(1));
        var whilePending = await hub.RetainAsync();
        await hub.DeliverAllAsync();
        var delivered = await hub.RetainAsync();

        Assert.AreEqual(0L, whilePending.Incidents, "a delivery of it is pending");
        Assert.AreEqual(1L, delivered.Incidents);
        Assert.AreEqual(0L, delivered.Messages, "its messages were delivered just now: they stay their own period");
        Assert.IsNull(await hub.IncidentAsync());
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task An_incident_stored_before_changes_were_dated_is_kept_a_whole_period_from_the_first_pass(Database database)
    {
        await using var hub = await Hub.StartAsync(database);
        await hub.Store.InTransactionAsync(async tx =>
        {
            await tx.SaveIncidentAsync(new StoredIncident { Key = Case, HubId = "MCIC2-1", Version = 1, UpdatedAt = null });
            return true;
        });

        var first = await hub.RetainAsync();
        hub.Time.Advance(Policy.Incidents - TimeSpan.FromDays(1));
        var almost = await hub.RetainAsync();
        hub.Time.Advance(TimeSpan.FromDays(2));
        var after = await hub.RetainAsync();

        Assert.AreEqual((0L, 0L, 1L), (first.Incidents, almost.Incidents, after.Incidents));
    }

    [TestMethod]
    public async Task A_new_SQLite_store_gives_the_freed_pages_back_to_the_file_system()
    {
        using var directory = new TempDirectory("mcic2-retention-");
        var file = Path.Combine(directory.Path, "mcic2.db");
        await using var hub = await Hub.StartAsync(SqlHubStore.ForSqlite($"Data Source={file}"), () => SqliteConnection.ClearAllPools());
        await hub.CaseWithUpdatesAsync(Sdis, updates: 40);
        await hub.DeliverAllAsync();
        var pagesBefore = await Pragma(file, "page_count");

        hub.Time.Advance(Policy.Messages + TimeSpan.FromDays(1));
        var pass = await hub.RetainAsync();

        Assert.AreEqual(2L, await Pragma(file, "auto_vacuum"), "incremental");
        Assert.AreEqual(41L, pass.Messages);
        Assert.IsGreaterThan(0L, pass.ReclaimedBytes);
        Assert.AreEqual(pagesBefore - pass.ReclaimedBytes / await Pragma(file, "page_size"), await Pragma(file, "page_count"));
        Assert.AreEqual(0L, await Pragma(file, "freelist_count"));
    }

    private static async Task<long> Pragma(string file, string pragma)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A store, the real processor on the shipped rules, and a fake clock.</summary>
    private sealed class Hub : IAsyncDisposable
    {
        private readonly Func<ValueTask> _cleanUp;

        private Hub(SqlHubStore store, Func<ValueTask> cleanUp)
        {
            Store = store;
            _cleanUp = cleanUp;
            Processor = new MessageProcessor(store, new IncidentLedger(), RoutingRulesProvider.FromDefault(TestLinks.Catalog), TestLinks.Formats, Time);
        }

        public FakeTimeProvider Time { get; } = new(PartnerMessages.Morning);

        public SqlHubStore Store { get; }

        public MessageProcessor Processor { get; }

        public static async Task<Hub> StartAsync(Database database)
        {
            var test = await TestDatabase.CreateAsync(database);
            return new Hub(test.Store, test.DisposeAsync);
        }

        public static async Task<Hub> StartAsync(SqlHubStore store, Action cleanUp)
        {
            await store.MigrateAsync();
            return new Hub(store, () => { cleanUp(); return ValueTask.CompletedTask; });
        }

        public Task<ProcessingResult> PostAsync(string sender, string distributionId, string example = PartnerMessages.FireCase, string kind = "Report") =>
            Processor.ProcessAsync(PartnerMessages.Bytes(example, sender, distributionId, Time.GetUtcNow(), kind), "cisu-json");

        /// <summary>The fire case (<c>_0001</c>), then <paramref name="updates"/> updates of it from the same sender, a minute apart.</summary>
        public async Task CaseWithUpdatesAsync(string sender, int updates)
        {
            Assert.AreEqual(ProcessingVerdict.Routed, (await PostAsync(sender, $"{sender}_0001")).Verdict);
            for (var update = 1; update <= updates; update++)
            {
                Time.Advance(TimeSpan.FromMinutes(1));
                var result = await PostAsync(sender, $"{sender}_{update + 1:0000}", kind: "Update");
                Assert.AreEqual(ProcessingVerdict.Routed, result.Verdict, result.Detail);
            }
        }

        /// <summary>Marks every pending delivery delivered now, as the workers do, but those to <paramref name="except"/>.</summary>
        public async Task DeliverAllAsync(string? except = null)
        {
            foreach (var queue in await Store.Outbox.QueuesWithPendingAsync())
            {
                if (queue.PartnerId == except) continue;
                while (await Store.Outbox.NextPendingAsync(queue) is { } head) await Store.Outbox.MarkDeliveredAsync(head.Sequence, Time.GetUtcNow());
            }
        }

        /// <summary>Dead-letters the partner's head of queue, as the worker does with a refusal.</summary>
        public async Task<StoredDelivery> DeadLetterHeadAsync(string partnerId)
        {
            var head = (await Store.Outbox.NextPendingAsync(partnerId))!;
            await Store.Outbox.DeadLetterAsync(head.Sequence, "refused: HTTP 422 UnprocessableEntity", "HTTP 422");
            return head;
        }

        public Task<RetentionReport> RetainAsync(bool dryRun = false) => new SqlRetention(Store).RunAsync(Policy, Time.GetUtcNow(), dryRun);

        public Task<IReadOnlyList<StoredDelivery>> DeliveriesAsync() => Store.Outbox.OfIncidentAsync(Case);

        public Task<StoredIncident?> IncidentAsync() => Store.InTransactionAsync(tx => tx.FindIncidentAsync(Case));

        public ValueTask DisposeAsync() => _cleanUp();
    }
}
