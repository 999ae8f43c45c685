using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.Tests.Routing.Storage;

/// <summary>The operators' reads of incidents and their messages (what <c>/api/incidents</c> serves), on both stores.</summary>
[TestClass]
public sealed class When_operators_look_up_incidents_in_the_store
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 2, 8, 0, 0, TimeSpan.FromHours(1));

    private static StoredIncident Case(string key, string insee, string commune, string nature, DateTimeOffset? updatedAt, string? pegase = null) => new()
    {
        Key = key,
        HubId = "hub-" + key,
        Version = 1,
        UpdatedAt = updatedAt,
        Incident = new Incident
        {
            Identity = new IncidentIdentity { CaseId = key, PegaseNumber = pegase },
            Qualification = new Qualification { Nature = new CodedValue { Code = nature } },
            Location = new IncidentLocation { Commune = new Commune { InseeCode = insee, Name = commune } },
        },
    };

    private static async Task<TestDatabase> ThreeCasesAsync(Database database)
    {
        var test = await TestDatabase.CreateAsync(database);
        await test.Store.InTransactionAsync(async tx =>
        {
            await tx.SaveIncidentAsync(Case("fr.police.cic35.a", "35238", "Rennes", "C04.02.01", Morning, pegase: "P-2026-000123"));
            await tx.SaveIncidentAsync(Case("fr.police.cic35.b", "35580", "Guichen", "C07.01.00", Morning.AddHours(1)));
            // Stored before the hub recorded changes: no time, found by everything but a time range.
            await tx.SaveIncidentAsync(Case("fr.police.cic35.c", "35238", "Rennes", "C07.02.00", null));
            await tx.RecordReceivedAsync(new ReceivedMessage("m-2", "fr.fire.sdis35", "RC-RI", "fr.police.cic35.a", Morning.AddMinutes(5), "cisu-json", "application/json", [2]));
            await tx.RecordReceivedAsync(new ReceivedMessage("m-1", "fr.fire.sdis35", "RC-EDA", "fr.police.cic35.a", Morning, "cisu-json", "application/json", [1]));
            return true;
        });
        return test;
    }

    private static async Task<string[]> Keys(TestDatabase test, IncidentSearch search) =>
        (await test.Store.Incidents.SearchAsync(search)).Select(i => i.Key).ToArray();

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Search_matches_every_criterion_given_most_recently_changed_first(Database database)
    {
        await using var test = await ThreeCasesAsync(database);

        CollectionAssert.AreEqual(new[] { "fr.police.cic35.b", "fr.police.cic35.a", "fr.police.cic35.c" }, await Keys(test, new IncidentSearch()));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.a", "fr.police.cic35.c" }, await Keys(test, new IncidentSearch(Commune: "35238")));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.a", "fr.police.cic35.c" }, await Keys(test, new IncidentSearch(Commune: "RENNES")));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.c" }, await Keys(test, new IncidentSearch(Commune: "35238", Nature: "C07")));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.a" }, await Keys(test, new IncidentSearch(Reference: "P-2026-000123")));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.b" }, await Keys(test, new IncidentSearch(CaseId: "fr.police.cic35.b")));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.a" }, await Keys(test, new IncidentSearch(ChangedFrom: Morning.AddMinutes(-1), ChangedBefore: Morning.AddMinutes(30))),
            "the range compares instants whatever the offset asked in");
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.b" }, await Keys(test, new IncidentSearch(ChangedFrom: Morning.AddMinutes(1).ToOffset(TimeSpan.FromHours(-5)))));
        CollectionAssert.AreEqual(new[] { "fr.police.cic35.b" }, await Keys(test, new IncidentSearch(Limit: 1)));
        Assert.IsEmpty(await Keys(test, new IncidentSearch(Commune: "75056")));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task An_incidents_messages_come_in_the_order_they_arrived_with_their_bytes(Database database)
    {
        await using var test = await ThreeCasesAsync(database);

        var messages = await test.Store.Incidents.MessagesAsync("fr.police.cic35.a");

        CollectionAssert.AreEqual(new[] { "m-1", "m-2" }, messages.Select(m => m.DistributionId).ToArray());
        CollectionAssert.AreEqual(new byte[] { 2 }, (await test.Store.Incidents.MessageAsync("m-2"))!.Body);
        Assert.IsNull(await test.Store.Incidents.MessageAsync("m-9"));
        Assert.IsEmpty(await test.Store.Incidents.MessagesAsync("fr.police.cic35.b"));
        Assert.AreEqual("Rennes", (await test.Store.Incidents.FindAsync("fr.police.cic35.a"))!.Incident.Location!.Commune!.Name);
        Assert.IsNull(await test.Store.Incidents.FindAsync("fr.police.cic35.z"));
    }
}
