using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>
/// A distribution id names one message of one sender. The same message again (a resend, a redelivery) is a harmless
/// duplicate; other bytes under an id already used were dropped silently (202, then nothing): now refused, the sender
/// told with 300, the first message standing. On both stores.
/// </summary>
[TestClass]
public sealed class When_a_distribution_id_is_used_again
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string CaseKey = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";
    private const string Id = "fr.fire.sdis35_0001";

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task The_same_bytes_again_are_a_duplicate_delivered_once(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var processor = ProcessorOn(test);
        var body = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, Id, PartnerMessages.Morning);
        await processor.ProcessAsync(body, "cisu-json");

        var again = await processor.ProcessAsync(body, "cisu-json");

        Assert.AreEqual(ProcessingVerdict.Duplicate, again.Verdict, again.Detail);
        var deliveries = await test.Outbox.OfIncidentAsync(CaseKey);
        Assert.AreEqual(1, deliveries.Count(d => d.Delivery.PartnerId == Samu));
        Assert.AreEqual(MessageFamilies.Reference, deliveries.Single(d => d.Delivery.PartnerId == Sdis).Delivery.Family, "one RC-REF, no error");
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Other_bytes_under_a_used_id_are_refused_300_each_time_and_the_first_message_stands(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var processor = ProcessorOn(test);
        await processor.ProcessAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, Id, PartnerMessages.Morning), "cisu-json");

        var reused = await processor.ProcessAsync(PartnerMessages.Bytes(PartnerMessages.FireResources, Sdis, Id, PartnerMessages.Morning.AddMinutes(1)), "cisu-json");
        var reusedAgain = await processor.ProcessAsync(PartnerMessages.Bytes(PartnerMessages.FireResources, Sdis, Id, PartnerMessages.Morning.AddMinutes(2)), "cisu-json");

        Assert.AreEqual((ProcessingVerdict.Refused, ProcessingVerdict.Refused), (reused.Verdict, reusedAgain.Verdict), reused.Detail);
        var deliveries = await test.Outbox.OfIncidentAsync(CaseKey);
        var errors = deliveries.Where(d => d.Delivery.PartnerId == Sdis && d.Delivery.Family == MessageFamilies.Error)
            .Select(d => CisuCodec.Shared.Decode(d.Delivery.Body).Message.Error!).ToList();
        Assert.HasCount(2, errors, "each message that re-used the id is answered");
        Assert.IsTrue(errors.All(e => e is { StatusCode: (int)HubErrorCode.InvalidMessage, ReferencedDistributionId: Id }));
        StringAssert.StartsWith(errors[0].Cause, $"$.distributionID: '{Id}' names another message, received at ");
        Assert.AreEqual(MessageFamilies.CaseCreation, deliveries.Single(d => d.Delivery.PartnerId == Samu).Delivery.Family, "the SAMU has the case, not the resources");
        var incident = await test.Store.InTransactionAsync(tx => tx.FindIncidentAsync(CaseKey));
        Assert.AreEqual(1, incident!.Version, "the re-used id changed nothing");
    }

    private static MessageProcessor ProcessorOn(TestDatabase test) =>
        new(test.Store, new IncidentLedger(), RoutingRulesProvider.FromDefault(TestLinks.Catalog), TestLinks.Formats, new FakeTimeProvider(PartnerMessages.Morning.AddMinutes(5)));
}
