using System.Text.Json;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.Tests.Routing.Storage;

[TestClass]
public sealed class When_the_hub_store_keeps_incidents
{
    private static StoredIncident Incident(long version, string note = "first call") => new()
    {
        Key = "fr.police.cic35.case-1",
        HubId = "hub-0001",
        Version = version,
        Incident = new Incident
        {
            CreatedAt = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.FromHours(1)),
            Notes = [new Note { Text = note, CreatedAt = new DateTimeOffset(2026, 3, 14, 9, 31, 0, TimeSpan.FromHours(1)) }],
        },
        LastAppliedBySender = { ["fr.fire.sdis35"] = new DateTimeOffset(2026, 3, 14, 9, 31, 5, TimeSpan.FromHours(2)) },
    };

    private static Task SaveAsync(TestDatabase test, StoredIncident incident) =>
        test.Store.InTransactionAsync(async transaction => { await transaction.SaveIncidentAsync(incident); return true; });

    private static Task<StoredIncident?> FindAsync(TestDatabase test, string key = "fr.police.cic35.case-1") =>
        test.Store.InTransactionAsync(transaction => transaction.FindIncidentAsync(key));

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task It_reads_back_the_incident_it_saved_offsets_included(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var saved = Incident(1);

        await SaveAsync(test, saved);
        var found = await FindAsync(test);

        Assert.IsNotNull(found);
        Assert.AreEqual(JsonSerializer.Serialize(saved, CanonicalJson.Options), JsonSerializer.Serialize(found, CanonicalJson.Options));
        Assert.AreEqual(TimeSpan.FromHours(2), found.LastAppliedBySender["fr.fire.sdis35"].Offset);
        Assert.IsNull(await FindAsync(test, "fr.police.cic35.unknown"));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Each_save_must_be_the_next_version(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await SaveAsync(test, Incident(1));
        await SaveAsync(test, Incident(2, "second call"));

        Assert.AreEqual("second call", (await FindAsync(test))!.Incident.Notes[0].Text);
        Assert.AreEqual(2, (await FindAsync(test))!.Version);
    }

    [TestMethod]
    [DataRow(Database.Sqlite, 1)]
    [DataRow(Database.Sqlite, 2)]
    [DataRow(Database.Sqlite, 4)]
    [DataRow(Database.Postgres, 1)]
    [DataRow(Database.Postgres, 2)]
    [DataRow(Database.Postgres, 4)]
    public async Task A_save_from_a_stale_or_future_version_is_refused_and_changes_nothing(Database database, int version)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await SaveAsync(test, Incident(1));
        await SaveAsync(test, Incident(2, "second call"));

        var conflict = await Assert.ThrowsExactlyAsync<IncidentVersionConflictException>(() => SaveAsync(test, Incident(version, "lost update")));

        Assert.AreEqual(2, conflict.StoredVersion);
        StringAssert.Contains(conflict.Message, "the stored version is 2");
        Assert.AreEqual("second call", (await FindAsync(test))!.Incident.Notes[0].Text);
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_new_incident_must_start_at_version_1(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);

        var conflict = await Assert.ThrowsExactlyAsync<IncidentVersionConflictException>(() => SaveAsync(test, Incident(2)));

        Assert.IsNull(conflict.StoredVersion);
        Assert.IsNull(await FindAsync(test));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Two_writers_of_the_same_version_one_wins_one_is_refused(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await SaveAsync(test, Incident(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async n =>
        {
            try { await SaveAsync(test, Incident(2, $"writer {n}")); return true; }
            catch (IncidentVersionConflictException) { return false; }
        }));

        Assert.AreEqual(1, outcomes.Count(won => won));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Migrating_again_keeps_what_is_stored(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        await SaveAsync(test, Incident(1));

        await test.Store.MigrateAsync();

        Assert.IsNotNull(await FindAsync(test));
    }
}
