using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using static MCIC2.Interop.Tests.Simulators.PeerHubEx.TestPeerHubEx;

namespace MCIC2.Interop.Tests.Simulators.PeerHubEx;

/// <summary>
/// Dead letters, and expiry judged on the HubEx's clock (a fake one here): a message the recipient rejects comes back
/// to its sender as a 500, one that outlives its TTL in the recipient's queue as a 400, one that expired before the
/// dispatcher took it is refused with 400 without being delivered.
/// </summary>
[TestClass]
public sealed class When_a_message_dies_in_a_peer_client_queue
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_recipient_rejects_comes_back_to_the_sender_as_a_500()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);

        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "rejected"), ct);
        await samu69.RejectAsync(await samu69.TakeAsync(ClientQueue.Message, ct), ct);

        var error = ErrorOf((await samu35.ReceiveAsync(ClientQueue.Info, ct)).Body.ToArray());
        Assert.AreEqual((int)HubErrorCode.DeadLetterQueued, (int)error["errorCode"]!["statusCode"]!);
        Assert.AreEqual($"{Samu35}_rejected", (string?)error["referencedDistributionID"]);
        StringAssert.Contains((string?)error["errorCause"], "rejected");
        Assert.AreEqual(0u, await hub.ReadyCountAsync(hub.Settings.DeadLetterQueue, ct), "the dead letter answered and acknowledged");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_outliving_its_expiry_in_the_recipients_queue_comes_back_as_a_400()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);

        // Not expired by the HubEx's clock when dispatched: it gets a TTL of the 2 s left, and SAMU 69 never reads it.
        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "expired", expiresIn: TimeSpan.FromSeconds(2)), ct);

        var error = ErrorOf((await samu35.ReceiveAsync(ClientQueue.Info, ct, TimeSpan.FromSeconds(30))).Body.ToArray());
        Assert.AreEqual((int)HubErrorCode.ExpiredMessageBeforeRouting, (int)error["errorCode"]!["statusCode"]!);
        Assert.AreEqual($"{Samu35}_expired", (string?)error["referencedDistributionID"]);
        StringAssert.Contains((string?)error["errorCause"], "expired");
        Assert.AreEqual(0u, await hub.ReadyCountAsync($"{Samu69}.message", ct), "gone from the recipient's queue");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_that_expired_on_the_hubex_clock_before_dispatch_is_refused_with_400()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);
        var first = hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "on-time", expiresIn: TimeSpan.FromHours(1));
        var second = hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "too-late", expiresIn: TimeSpan.FromHours(1));

        await samu35.PublishAsync(first, ct);
        await samu69.ReceiveAsync(ClientQueue.Message, ct);
        hub.Time.Advance(TimeSpan.FromHours(1));
        await samu35.PublishAsync(second, ct);

        var error = ErrorOf((await samu35.ReceiveAsync(ClientQueue.Info, ct)).Body.ToArray());
        Assert.AreEqual((int)HubErrorCode.ExpiredMessageBeforeRouting, (int)error["errorCode"]!["statusCode"]!);
        Assert.AreEqual($"{Samu35}_too-late", (string?)error["referencedDistributionID"]);
        Assert.AreEqual(0u, await samu69.CountAsync(ClientQueue.Message, ct), "not delivered");
    }
}
