using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>
/// A message accepted, then failing for good in processing (a defect of the XML writer the CORG's EMSI needs): the bus's processor keeps it on the dead-letter desk at once, its
/// sender told, instead of throwing it back for minutes of retries; once the cause is fixed, its replay is processed.
/// On both stores.
/// </summary>
[TestClass]
public sealed class When_an_accepted_message_cannot_be_processed
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string CaseKey = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";
    private const string Id = "fr.fire.sdis35_POISON-1";

    private readonly FakeTimeProvider _time = new(PartnerMessages.Morning.AddMinutes(1));
    private readonly DefectiveFormat _xml = new(CisuFormat.Xml, Id);

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task It_is_a_dead_letter_of_the_routing_queue_at_once_and_its_sender_is_told_500(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var (_, bus) = ProcessorsOn(test);

        await bus.ProcessAsync(Accepted(), CancellationToken.None);
        await bus.ProcessAsync(Accepted(), CancellationToken.None); // the bus's copy after a crash

        var deadLetter = (await Desk(test).ListAsync(DeadLetterFilter.All)).Single();
        Assert.AreEqual(($"{Id}@{UnprocessedMessages.QueueId}", UnprocessedMessages.QueueId, CaseKey), (deadLetter.Delivery.DeliveryId, deadLetter.Delivery.PartnerId, deadLetter.Delivery.IncidentKey));
        Assert.AreEqual("not processed: ArgumentException", DeadLetterDesk.FailureGroupOf(deadLetter));
        CollectionAssert.AreEqual(Body, deadLetter.Delivery.Body, "the message as its sender sent it");
        var deliveries = await test.Outbox.OfIncidentAsync(CaseKey);
        Assert.IsFalse(deliveries.Any(d => d.Delivery.PartnerId is Samu or Corg), "nothing half-routed");
        var error = CisuCodec.Shared.Decode(deliveries.Single(d => d.Delivery.PartnerId == Sdis).Delivery.Body).Message.Error!;
        Assert.AreEqual(((int)HubErrorCode.DeadLetterQueued, Id, UnprocessedMessages.KeptForAnOperator), (error.StatusCode, error.ReferencedDistributionId, error.Cause));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task Its_replay_once_the_cause_is_fixed_is_routed_to_its_recipients(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var (processor, bus) = ProcessorsOn(test);
        await bus.ProcessAsync(Accepted(), CancellationToken.None);

        _xml.Fixed = true;
        var replay = await ReplayAsync(test, processor);

        Assert.AreEqual(DeliveryState.Delivered, (await test.Outbox.FindAsync(replay.Sequence))!.State, "handed to the processor");
        var deliveries = await test.Outbox.OfIncidentAsync(CaseKey);
        Assert.AreEqual(MessageFamilies.Emsi, deliveries.Single(d => d.Delivery.PartnerId == Corg).Delivery.Family);
        Assert.AreEqual(MessageFamilies.CaseCreation, deliveries.Single(d => d.Delivery.PartnerId == Samu).Delivery.Family);
        Assert.IsTrue(deliveries.Any(d => d.Delivery.PartnerId == Sdis && d.Delivery.Family == MessageFamilies.Reference), "the sender gets its RC-REF now");
        Assert.IsEmpty(await Desk(test).ListAsync(DeadLetterFilter.All));
    }

    [TestMethod]
    [DataRow(Database.Sqlite)]
    [DataRow(Database.Postgres)]
    public async Task A_replay_that_fails_again_is_a_dead_letter_again_and_its_sender_is_told_again(Database database)
    {
        await using var test = await TestDatabase.CreateAsync(database);
        var (processor, bus) = ProcessorsOn(test);
        await bus.ProcessAsync(Accepted(), CancellationToken.None);

        await ReplayAsync(test, processor);

        var again = (await Desk(test).ListAsync(DeadLetterFilter.All)).Single();
        Assert.AreEqual($"{Id}@{UnprocessedMessages.QueueId}.replay-1", again.Delivery.DeliveryId);
        StringAssert.StartsWith(again.LastError, "refused: not processed: ArgumentException: '?', hexadecimal value 0xFFFE");
        var errors = (await test.Outbox.OfIncidentAsync(CaseKey)).Where(d => d.Delivery.PartnerId == Sdis)
            .Select(d => CisuCodec.Shared.Decode(d.Delivery.Body).Message.Error!).ToList();
        Assert.HasCount(2, errors);
        Assert.AreEqual($"not processed on replay: {UnprocessedMessages.KeptForAnOperator}", errors[1].Cause, "no exception text for the partner");
    }

    private static readonly byte[] Body = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, Id, PartnerMessages.Morning);

    private static AcceptedMessage Accepted() =>
        new(Id, Sdis, CaseKey, MessageFamilies.CaseCreation, "application/json", Body, PartnerMessages.Morning) { Format = "cisu-json" };

    private (MessageProcessor Processor, RoutingMessageProcessor Bus) ProcessorsOn(TestDatabase test)
    {
        var formats = new MessageFormats([CisuFormat.Json, _xml, CanonicalJsonFormat.Instance]);
        var processor = new MessageProcessor(test.Store, new IncidentLedger(), RoutingRulesProvider.FromDefault(TestLinks.Catalog), formats, _time);
        var workers = new DeliveryWorkers(test.Outbox, [], new UndeliveredReports(processor), new DeliveryOptions(), _time);
        return (processor, new RoutingMessageProcessor(processor, workers, formats, NullLogger<RoutingMessageProcessor>.Instance));
    }

    private DeadLetterDesk Desk(TestDatabase test) => new(test.Outbox, _time);

    /// <summary>The operator replays the one dead letter; the routing queue's worker, routed as the host routes it (back
    /// to the processor), takes it.</summary>
    private async Task<StoredDelivery> ReplayAsync(TestDatabase test, MessageProcessor processor)
    {
        var replay = await Desk(test).ReplayAsync((await Desk(test).ListAsync(DeadLetterFilter.All)).Single().Sequence);
        var channel = new ReprocessingChannel(processor, new MessageFormats([CisuFormat.Json, _xml, CanonicalJsonFormat.Instance]), _ => { });
        var worker = new PartnerDeliveryWorker(new DeliveryRoute(UnprocessedMessages.QueueId, channel, UnprocessedMessages.QueueId), test.Outbox,
            new UndeliveredReports(processor), new DeliveryOptions(), _time);
        Assert.AreEqual(WorkerStepKind.Continue, (await worker.StepAsync()).Kind);
        return replay;
    }
}
