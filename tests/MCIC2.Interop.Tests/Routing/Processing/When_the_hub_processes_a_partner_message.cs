using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>Step 3 of the pipeline on the real SQLite store and the shipped rules, in fake time.</summary>
[TestClass]
public sealed class When_the_hub_processes_a_partner_message
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string Cic = "fr.police.cic35";

    private ProcessingBench _bench = null!;

    [TestInitialize]
    public async Task Start() => _bench = await ProcessingBench.StartAsync();

    [TestCleanup]
    public void Stop() => _bench.Dispose();

    [TestMethod]
    public async Task A_house_fire_with_a_victim_in_gendarmerie_zone_reaches_the_CORG_in_EMSI_and_the_SAMU_and_the_sender_gets_its_RC_REF()
    {
        var result = await Process(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0001");

        Assert.AreEqual(ProcessingVerdict.Routed, result.Verdict, result.Detail);
        var corg = (await Pending(Corg)).Single();
        Assert.AreEqual("EMSI", corg.Delivery.Family, "the CORG speaks EMSI only");
        StringAssert.Contains(System.Text.Encoding.UTF8.GetString(corg.Delivery.Body), "<MAIN_EVENT_ID>fr.fire.CGA_national.SC-20240813-CGA_national-AT517</MAIN_EVENT_ID>");
        Assert.AreEqual("RC-EDA", (await Pending(Samu)).Single().Delivery.Family);
        var ack = CisuCodec.Shared.Decode((await Pending(Sdis)).Single().Delivery.Body).Message;
        Assert.AreEqual("fr.fire.sdis35_0001", ack.Acknowledgement!.AcknowledgedDistributionId);
    }

    [TestMethod]
    public async Task The_same_message_twice_is_applied_and_delivered_once()
    {
        await Process(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0001");

        var again = await Process(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0001");

        Assert.AreEqual(ProcessingVerdict.Duplicate, again.Verdict);
        Assert.HasCount(1, await Pending(Samu));
        Assert.HasCount(1, await Pending(Sdis));
    }

    [TestMethod]
    public async Task A_second_creation_of_the_case_by_another_partner_is_answered_CASE_ALREADY_EXISTS()
    {
        await Process(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0001");

        var second = await Process(PartnerMessages.FireCase, Samu, "fr.health.samu35_0001");

        Assert.AreEqual(ProcessingVerdict.Refused, second.Verdict);
        var error = CisuCodec.Shared.Decode((await Pending(Samu)).Last().Delivery.Body).Message.Error!;
        Assert.AreEqual((int)HubErrorCode.CaseAlreadyExists, error.StatusCode);
        Assert.AreEqual("fr.health.samu35_0001", error.ReferencedDistributionId);
    }

    [TestMethod]
    public async Task Resources_sent_before_their_case_wait_for_it_then_are_routed_after_it()
    {
        var early = await Process(PartnerMessages.FireResources, Sdis, "fr.fire.sdis35_0002", PartnerMessages.Morning.AddMinutes(1));
        Assert.AreEqual(ProcessingVerdict.Held, early.Verdict, early.Detail);
        Assert.IsEmpty(await Pending(Samu));

        await Process(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0001");

        CollectionAssert.AreEqual(new[] { "RC-EDA", "RC-RI" }, (await Pending(Samu)).Select(d => d.Delivery.Family).ToArray(), "case first, then its resources");
        var incident = await _bench.Store.InTransactionAsync(tx => tx.FindIncidentAsync("fr.fire.CGA_national.SC-20240813-CGA_national-AT517"));
        Assert.IsNotEmpty(incident!.Incident.Resources);
    }

    [TestMethod]
    public async Task Resources_whose_case_never_comes_are_refused_WRONG_MESSAGE_SEQUENCE_after_the_hold_limit()
    {
        await Process(PartnerMessages.FireResources, Sdis, "fr.fire.sdis35_0002");
        Assert.AreEqual(0, await _bench.Processor.GiveUpOnStaleHeldAsync());

        _bench.Time.Advance(_bench.Processor.HoldLimit + TimeSpan.FromSeconds(1));

        Assert.AreEqual(1, await _bench.Processor.GiveUpOnStaleHeldAsync());
        var error = CisuCodec.Shared.Decode((await Pending(Sdis)).Single().Delivery.Body).Message.Error!;
        Assert.AreEqual((int)HubErrorCode.WrongMessageSequence, error.StatusCode);
    }

    [TestMethod]
    public async Task A_case_the_police_send_for_a_commune_in_gendarmerie_zone_starts_a_handover_to_the_CORG()
    {
        await Process(PartnerMessages.FireCase, Cic, "fr.police.cic35_0001");

        var incident = await _bench.Store.InTransactionAsync(tx => tx.FindIncidentAsync("fr.fire.CGA_national.SC-20240813-CGA_national-AT517"));
        var handover = incident!.Incident.Handovers.Single();
        Assert.AreEqual(HandoverKind.IncidentHandover, handover.Kind);
        Assert.AreEqual(Corg, handover.ToPartner);
        Assert.AreEqual(HandoverState.Sent, handover.State);
        Assert.AreEqual(OutgoingMessages.DeliveryId("fr.police.cic35_0001", Corg), handover.DeliveryId);
    }

    [TestMethod]
    public async Task A_handover_nobody_acknowledges_is_resent_to_the_backup_address_then_raised_to_an_operator()
    {
        await Process(PartnerMessages.FireCase, Cic, "fr.police.cic35_0001");
        Assert.IsEmpty(await _bench.Processor.EscalateDueHandoversAsync(), "not due yet");
        Assert.IsEmpty(await Pending(Corg, AddressRole.Backup));

        _bench.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.IsEmpty(await _bench.Processor.EscalateDueHandoversAsync());
        var resent = (await Pending(Corg, AddressRole.Backup)).Single();
        var original = (await Pending(Corg)).Single();
        Assert.AreEqual(AddressRole.Backup, resent.Delivery.Role);
        CollectionAssert.AreEqual(original.Delivery.Body, resent.Delivery.Body, "the same message, to the backup address");

        _bench.Time.Advance(TimeSpan.FromMinutes(30));
        var alert = (await _bench.Processor.EscalateDueHandoversAsync()).Single();
        Assert.AreEqual(OutgoingMessages.DeliveryId("fr.police.cic35_0001", Corg), alert.HandoverId);
        var incident = await _bench.Store.InTransactionAsync(tx => tx.FindIncidentAsync("fr.fire.CGA_national.SC-20240813-CGA_national-AT517"));
        Assert.AreEqual(HandoverState.OperatorAlerted, incident!.Incident.Handovers.Single().State);
    }

    [TestMethod]
    public async Task A_handover_the_CORG_acknowledges_in_time_is_not_escalated()
    {
        await Process(PartnerMessages.FireCase, Cic, "fr.police.cic35_0001");
        var ack = PartnerMessages.Message("examples/RC-REF/RC-REF.json", Corg, "fr.gendarmerie.corg35_0001", PartnerMessages.Morning.AddMinutes(1), kind: "Ack");
        ack.Acknowledgement!.AcknowledgedDistributionId = "fr.police.cic35_0001";
        await _bench.Processor.ProcessAsync(CisuCodec.Shared.Encode(ack, MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Json), "cisu-json");

        _bench.Time.Advance(TimeSpan.FromMinutes(3));
        await _bench.Processor.EscalateDueHandoversAsync();

        Assert.IsEmpty(await Pending(Corg, AddressRole.Backup), "acknowledged: waiting for the answer, not escalated");
        var incident = await _bench.Store.InTransactionAsync(tx => tx.FindIncidentAsync("fr.fire.CGA_national.SC-20240813-CGA_national-AT517"));
        Assert.AreEqual(HandoverState.Acknowledged, incident!.Incident.Handovers.Single().State);
    }

    [TestMethod]
    public async Task A_message_no_rule_routes_is_answered_UNROUTABLE_MESSAGE()
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_0009", PartnerMessages.Morning);
        message.Incident!.Location!.Commune!.InseeCode = "99999";
        message.Incident.Qualification!.Nature = new CodedValue { Code = "C11.00.00", Label = "?" };
        message.Incident.Qualification.HealthMotive = null;
        message.Incident.Qualification.Victims = null;
        foreach (var alert in message.Incident.Alerts) alert.Qualification!.HealthMotive = null;

        var result = await _bench.Processor.ProcessAsync(CisuCodec.Shared.Encode(message, MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Json), "cisu-json");

        Assert.AreEqual(ProcessingVerdict.Refused, result.Verdict, result.Detail);
        var error = CisuCodec.Shared.Decode((await Pending(Sdis)).Single().Delivery.Body).Message.Error!;
        Assert.AreEqual((int)HubErrorCode.UnroutableMessage, error.StatusCode);
    }

    private Task<ProcessingResult> Process(string example, string sender, string distributionId, DateTimeOffset? sentAt = null) =>
        _bench.Processor.ProcessAsync(PartnerMessages.Bytes(example, sender, distributionId, sentAt ?? PartnerMessages.Morning), "cisu-json");

    private async Task<List<StoredDelivery>> Pending(string partner, AddressRole role = AddressRole.Primary)
    {
        var all = new List<StoredDelivery>();
        var outbox = (SqlDeliveryOutbox)_bench.Store.Outbox;
        foreach (var key in new[] { "fr.fire.CGA_national.SC-20240813-CGA_national-AT517", "fr.fire.sdis35_0009" })
        {
            all.AddRange((await outbox.OfIncidentAsync(key)).Where(d => d.Delivery.PartnerId == partner && d.Delivery.Role == role));
        }
        return all.OrderBy(d => d.Sequence).ToList();
    }
}
