using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client.Exceptions;
using static MCIC2.Interop.Tests.Simulators.PeerHubEx.TestPeerHubEx;

namespace MCIC2.Interop.Tests.Simulators.PeerHubEx;

/// <summary>The faults scenarios switch on a client link at run time, as the recipient sees them.</summary>
[TestClass]
public sealed class When_a_peer_client_link_is_faulted
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_duplicated_delivery_reaches_the_recipient_twice_with_the_same_message_id()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);
        hub.Simulator.Faults(Samu69).Duplicate = true;

        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "twice"), ct);

        var first = await samu69.ReceiveAsync(ClientQueue.Message, ct);
        var second = await samu69.ReceiveAsync(ClientQueue.Message, ct);
        Assert.AreEqual($"{Samu35}_twice", first.BasicProperties.MessageId);
        Assert.AreEqual(first.BasicProperties.MessageId, second.BasicProperties.MessageId);
        CollectionAssert.AreEqual(first.Body.ToArray(), second.Body.ToArray());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Reordered_deliveries_reach_the_recipient_swapped_in_pairs_and_other_links_keep_their_order()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);
        await using var sdis35 = await hub.ConnectAsync(Sdis35, ct);
        hub.Simulator.Faults(Samu69).Reorder = true;

        foreach (var id in new[] { "m1", "m2", "m3", "m4" })
        {
            await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, id), ct);
            await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Sdis35, id), ct);
        }

        var reordered = new List<string?>();
        var kept = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            reordered.Add((await samu69.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.MessageId);
            kept.Add((await sdis35.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.MessageId);
        }
        Assert.AreEqual("m2 m1 m4 m3", string.Join(" ", reordered.Select(id => id![(Samu35.Length + 1)..])));
        Assert.AreEqual("m1 m2 m3 m4", string.Join(" ", kept.Select(id => id![(Samu35.Length + 1)..])));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_delivery_on_a_slow_link_waits_its_latency_on_the_hubex_clock()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);
        var latency = TimeSpan.FromMinutes(5);
        hub.Simulator.Faults(Samu69).Latency = latency;

        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "slow"), ct);
        Assert.IsTrue(await Poll.UntilAsync(async () => await hub.ReadyCountAsync(hub.Settings.DispatcherQueue, ct) == 0, TimeSpan.FromSeconds(20)), "the dispatcher took it");
        Assert.AreEqual(0u, await samu69.CountAsync(ClientQueue.Message, ct), "held while the HubEx's clock has not moved");

        // The dispatcher may not be waiting yet when the clock first moves: move it until the delivery comes.
        var arrived = await Poll.UntilAsync(async () => await samu69.CountAsync(ClientQueue.Message, ct) == 1, TimeSpan.FromSeconds(20),
            between: () => hub.Time.Advance(latency));
        Assert.IsTrue(arrived, "delivered once the latency passed");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task During_an_outage_the_client_is_disconnected_and_refused_and_what_is_sent_to_it_waits_for_the_link_to_come_back()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        var samu69 = await hub.ConnectAsync(Samu69, ct);

        await hub.Simulator.StartOutageAsync(Samu69, ct);
        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "during"), ct);

        Assert.IsTrue(hub.Simulator.Faults(Samu69).Outage);
        var closed = await Poll.UntilAsync(async () =>
        {
            try { await samu69.CountAsync(ClientQueue.Message, ct); return false; }
            catch (OperationInterruptedException) { return true; }
        }, TimeSpan.FromSeconds(20));
        Assert.IsTrue(closed, "its connection was closed");
        await samu69.DisposeAsync();
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => hub.ConnectAsync(Samu69, ct));
        Assert.AreEqual((ushort?)530, refused.ShutdownReason?.ReplyCode, $"its access to the vhost is refused: {refused.Message}");
        Assert.IsTrue(await Poll.UntilAsync(async () => await hub.ReadyCountAsync($"{Samu69}.message", ct) == 1, TimeSpan.FromSeconds(20)), "the message waits in its queue");

        await hub.Simulator.EndOutageAsync(Samu69, ct);
        await using var again = await hub.ConnectAsync(Samu69, ct);
        Assert.AreEqual($"{Samu35}_during", (await again.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.MessageId);
        Assert.IsFalse(hub.Simulator.Faults(Samu69).Outage);
    }
}
