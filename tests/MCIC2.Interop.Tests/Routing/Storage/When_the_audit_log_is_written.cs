using System.Data.Common;
using MCIC2.Interop.Routing.Audit;

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
}
