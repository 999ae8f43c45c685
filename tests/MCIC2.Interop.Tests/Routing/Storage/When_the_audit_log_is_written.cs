using System.Data.Common;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Storage;

/// <summary>The audit log on both stores: what is appended is listed newest first, by incident or author, and the
/// database itself refuses to change or remove an entry.</summary>
[TestClass]
public sealed class When_the_audit_log_is_written
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(1));

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Entries_are_listed_newest_first_by_incident_and_by_author(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.Store.Audit.AppendAsync(new AuditEntry(Morning, "fr.fire.sdis35", ActorKind.Partner, AuditActions.IncidentChanged, "case-1", "d-1", "version 1"));
        await test.Store.Audit.AppendAsync(new AuditEntry(Morning.AddMinutes(1), "alice", ActorKind.Operator, AuditActions.IncidentRead, "case-1"));
        await test.Store.Audit.AppendAsync(new AuditEntry(Morning.AddMinutes(2), "alice", ActorKind.Operator, AuditActions.IncidentRead, "case-2"));

        var ofCase1 = await test.Store.Audit.ListAsync(new AuditQuery(IncidentKey: "case-1"));
        var byAlice = await test.Store.Audit.ListAsync(new AuditQuery(Actor: "alice"));
        var last = await test.Store.Audit.ListAsync(new AuditQuery(Limit: 1));

        CollectionAssert.AreEqual(new[] { "alice", "fr.fire.sdis35" }, ofCase1.Select(e => e.Entry.Actor).ToArray());
        Assert.AreEqual(new AuditEntry(Morning.ToUniversalTime(), "fr.fire.sdis35", ActorKind.Partner, AuditActions.IncidentChanged, "case-1", "d-1", "version 1"), ofCase1[1].Entry,
            "every field read back (the time in UTC, the same instant)");
        CollectionAssert.AreEqual(new[] { "case-2", "case-1" }, byAlice.Select(e => e.Entry.IncidentKey).ToArray());
        Assert.AreEqual("case-2", last.Single().Entry.IncidentKey);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task The_database_refuses_to_update_or_delete_an_entry(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.Store.Audit.AppendAsync(new AuditEntry(Morning, "alice", ActorKind.Operator, AuditActions.DeadLetterReplayed, "case-1", "d-1"));

        var update = await Assert.ThrowsAsync<DbException>(() => test.ExecuteRawAsync("UPDATE audit_log SET actor = 'nobody'"));
        var delete = await Assert.ThrowsAsync<DbException>(() => test.ExecuteRawAsync("DELETE FROM audit_log"));

        StringAssert.Contains(update.Message, "audit_log is append-only");
        StringAssert.Contains(delete.Message, "audit_log is append-only");
        if (database == Database.Postgres)
            StringAssert.Contains((await Assert.ThrowsAsync<DbException>(() => test.ExecuteRawAsync("TRUNCATE audit_log"))).Message, "append-only");
        Assert.AreEqual("alice", (await test.Store.Audit.ListAsync(new AuditQuery())).Single().Entry.Actor);
        await test.Store.MigrateAsync(); // the triggers are created again without failing
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_replay_or_a_discard_commits_with_its_audit_row_or_not_at_all(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await test.Store.InTransactionAsync(async tx =>
        {
            foreach (var id in new[] { "d-1", "d-2" })
                await tx.DeadLetterAsync(new PendingDelivery(id, "fr.health.samu35", "case-1", "src-1", "RC-EDA", "cisu-json", "application/json", "Report", [1, 2, 3], Morning, null), "refused: HTTP 422");
            return true;
        });
        var deadLetters = await test.Store.Outbox.DeadLettersAsync();
        var (first, second) = (deadLetters.Single(d => d.Delivery.DeliveryId == "d-1"), deadLetters.Single(d => d.Delivery.DeliveryId == "d-2"));

        // The audit row cannot be made: the replay is rolled back with it, never committed alone.
        await Assert.ThrowsAsync<InvalidOperationException>(() => test.Store.Outbox.ReplayAsync(first.Sequence, Morning, trace: _ => throw new InvalidOperationException("no audit row")));
        Assert.IsNull((await test.Store.Outbox.FindAsync(first.Sequence))!.ReplayedAs);
        Assert.IsNull(await test.Store.Outbox.FindByIdAsync("d-1.replay-1"));

        var desk = new DeadLetterDesk(test.Store.Outbox, new FakeTimeProvider(Morning), by: new DeskOperator("olivia"));
        var replay = await desk.ReplayAsync(first.Sequence);
        await desk.DiscardAsync(second.Sequence);

        var audit = (await test.Store.Audit.ListAsync(new AuditQuery(Actor: "olivia"))).Select(e => (e.Entry.Action, e.Entry.Target)).ToList();
        CollectionAssert.AreEquivalent(new[] { (AuditActions.DeadLetterReplayed, (string?)"d-1"), (AuditActions.DeadLetterDiscarded, (string?)"d-2") }, audit);
        Assert.AreEqual("d-1.replay-1", replay.Delivery.DeliveryId);
    }
}
