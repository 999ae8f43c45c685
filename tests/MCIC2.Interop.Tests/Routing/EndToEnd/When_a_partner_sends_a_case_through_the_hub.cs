using System.Net;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.EndToEnd;

/// <summary>The whole hub over HTTP: intake, bus, processing, outbox, delivery workers, recording partners.</summary>
[TestClass]
public sealed class When_a_partner_sends_a_case_through_the_hub
{
    [TestMethod]
    public async Task Each_recipient_receives_it_in_its_own_format_and_the_sender_its_acknowledgement()
    {
        await using var hub = await HubUnderTest.StartAsync();

        var response = await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_E2E-1", TestClock.Now()));
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());

        var ledger = await hub.WaitForAsync(l => l.Of("fr.gendarmerie.corg35").Count == 1 && l.Of("fr.health.samu35").Count == 1 && l.Of("fr.fire.sdis35").Count == 1);
        Assert.AreEqual("application/xml", ledger.Of("fr.gendarmerie.corg35")[0].ContentType, "the CORG speaks EMSI XML");
        Assert.AreEqual("EMSI", CisuCodec.Shared.Decode(ledger.Of("fr.gendarmerie.corg35")[0].Body).Message.Family);
        Assert.AreEqual("fr.fire.sdis35_E2E-1", CisuCodec.Shared.Decode(ledger.Of("fr.fire.sdis35")[0].Body).Message.Acknowledgement!.AcknowledgedDistributionId);
    }

    [TestMethod]
    public async Task A_partner_that_is_down_for_a_while_receives_everything_in_order_once_back()
    {
        await using var hub = await HubUnderTest.StartAsync();
        hub.Partners.SetDown("fr.health.samu35", true);

        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_E2E-1", TestClock.Now()));
        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireResources, "fr.fire.sdis35", "fr.fire.sdis35_E2E-2", TestClock.Now().AddMinutes(1)));
        await hub.WaitForAsync(l => l.Of("fr.fire.sdis35").Count == 2); // both processed (acknowledged)
        Assert.IsEmpty(hub.Partners.Ledger().Of("fr.health.samu35"));

        hub.Partners.SetDown("fr.health.samu35", false);

        var ledger = await hub.WaitForAsync(l => l.Of("fr.health.samu35").Count == 2);
        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35_E2E-1@fr.health.samu35", "fr.fire.sdis35_E2E-2@fr.health.samu35" },
            ledger.Of("fr.health.samu35").Select(r => r.DeliveryId).ToArray());
    }

    [TestMethod]
    public async Task A_sender_the_hub_does_not_know_is_refused_UNKNOWN_SENDER_and_nothing_is_routed()
    {
        await using var hub = await HubUnderTest.StartAsync();

        var response = await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.health.samu999", "fr.health.samu999_1", TestClock.Now()));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "\"code\":703");
    }

    [TestMethod]
    public async Task A_header_naming_another_sender_than_the_envelope_is_refused_SENDER_INCONSISTENCY()
    {
        await using var hub = await HubUnderTest.StartAsync();
        var message = PartnerMessages.Message(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_E2E-9", TestClock.Now());
        message.Distribution!.Header!.Sender.Uri = "hubex:fr.health.samu35";

        var response = await hub.PostAsync(CisuCodec.Shared.Encode(message, MCIC2.Interop.Adapters.Cisu.Encoding.CisuEncoding.Json));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "\"code\":200");
    }
}
