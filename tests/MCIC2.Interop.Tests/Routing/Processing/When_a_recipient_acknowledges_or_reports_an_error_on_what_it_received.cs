using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Processing;

/// <summary>
/// The final reception of Hub Santé's model: a recipient's RC-REF (or RS-ERROR) about a message the hub delivered to it
/// goes on to that message's original sender, on the real SQLite store and the shipped rules, in fake time.
/// </summary>
[TestClass]
public sealed class When_a_recipient_acknowledges_or_reports_an_error_on_what_it_received
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Cic44 = "fr.police.cic44";
    private const string CaseKey = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";
    private const string Case = "fr.fire.sdis35_0001";

    private ProcessingBench _bench = null!;

    [TestInitialize]
    public async Task Start()
    {
        _bench = await ProcessingBench.StartAsync();
        // The SDIS shares a fire with a victim: the SAMU is among its recipients.
        await _bench.Processor.ProcessAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, Case, PartnerMessages.Morning), "cisu-json");
    }

    [TestCleanup]
    public void Stop() => _bench.Dispose();

    [TestMethod]
    public async Task The_recipients_RC_REF_reaches_the_original_sender_as_the_recipient_sent_it()
    {
        var result = await Receive(Acknowledgement(Samu, "fr.health.samu35_ack-1", Case));

        Assert.AreEqual(ProcessingVerdict.Recorded, result.Verdict);
        StringAssert.Contains(result.Detail, $"passed on to {Sdis}");
        var passedOn = (await ToSdis()).Single(d => d.Delivery.DeliveryId == OutgoingMessages.DeliveryId("fr.health.samu35_ack-1", Sdis));
        Assert.AreEqual("Ack", passedOn.Delivery.DistributionKind, "to the sender's .ack");
        Assert.AreEqual(CaseKey, passedOn.Delivery.IncidentKey, "in the incident's order");
        var reference = CisuCodec.Shared.Decode(passedOn.Delivery.Body).Message;
        Assert.AreEqual(Samu, reference.Distribution!.SenderId);
        Assert.AreEqual(Sdis, reference.Distribution.ExplicitAddress!.Value);
        Assert.AreEqual(Case, reference.Acknowledgement!.AcknowledgedDistributionId);
        Assert.IsTrue(result.QueuesToWake.Contains(new DeliveryQueue(Sdis)), "its worker is woken");
    }

    [TestMethod]
    public async Task The_recipients_RS_ERROR_reaches_the_original_sender()
    {
        var error = PartnerMessages.Message("examples/RS-ERROR/RS-ERROR.json", Samu, "fr.health.samu35_err-1", PartnerMessages.Morning.AddMinutes(1), kind: "Error");
        error.Error!.ReferencedDistributionId = Case;

        var result = await Receive(error);

        StringAssert.Contains(result.Detail, $"passed on to {Sdis}");
        var passedOn = (await ToSdis()).Single(d => d.Delivery.DeliveryId == OutgoingMessages.DeliveryId("fr.health.samu35_err-1", Sdis));
        Assert.AreEqual("Error", passedOn.Delivery.DistributionKind, "to the sender's .info");
        Assert.AreEqual(Case, CisuCodec.Shared.Decode(passedOn.Delivery.Body).Message.Error!.ReferencedDistributionId);
    }

    [TestMethod]
    public async Task An_RC_REF_from_a_partner_the_message_was_not_delivered_to_is_not_passed_on()
    {
        var before = (await ToSdis()).Count;

        var result = await Receive(Acknowledgement(Cic44, "fr.police.cic44_ack-1", Case));

        StringAssert.Contains(result.Detail, "not passed on");
        Assert.HasCount(before, await ToSdis());
    }

    [TestMethod]
    public async Task The_same_RC_REF_twice_is_passed_on_once()
    {
        await Receive(Acknowledgement(Samu, "fr.health.samu35_ack-1", Case));

        var again = await Receive(Acknowledgement(Samu, "fr.health.samu35_ack-1", Case));

        Assert.AreEqual(ProcessingVerdict.Duplicate, again.Verdict);
        Assert.HasCount(1, (await ToSdis()).Where(d => d.Delivery.DeliveryId == OutgoingMessages.DeliveryId("fr.health.samu35_ack-1", Sdis)));
    }

    private static CanonicalMessage Acknowledgement(string sender, string distributionId, string acknowledged)
    {
        var ack = PartnerMessages.Message("examples/RC-REF/RC-REF.json", sender, distributionId, PartnerMessages.Morning.AddMinutes(1), kind: "Ack");
        ack.Acknowledgement!.AcknowledgedDistributionId = acknowledged;
        return ack;
    }

    private Task<ProcessingResult> Receive(CanonicalMessage message) =>
        _bench.Processor.ProcessAsync(CisuCodec.Shared.Encode(message, CisuEncoding.Json), "cisu-json");

    private async Task<List<StoredDelivery>> ToSdis() =>
        [.. (await _bench.Store.Outbox.OfIncidentAsync(CaseKey)).Where(d => d.Delivery.PartnerId == Sdis)];
}
