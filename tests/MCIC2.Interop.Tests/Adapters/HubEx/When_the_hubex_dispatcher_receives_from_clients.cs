using System.Text;
using MCIC2.Interop.Adapters.HubEx.Dispatching;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// The dispatcher consuming what clients publish: the broker forgets a message only once the intake stored it; a
/// refusal goes back to the sender's <c>.info</c>; what the intake cannot take now stays, in order, and comes again.
/// </summary>
[TestClass]
public sealed class When_the_hubex_dispatcher_receives_from_clients
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_accepted_message_is_handed_over_with_its_sender_and_acknowledged()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await RunningHub.StartAsync(new RecordingIntake(), ct);
        await using var client = await hub.ConnectAsync("cic35", ct);

        await client.PublishAsync("m1"u8.ToArray(), ct, contentType: "application/xml");

        await Poll.WaitUntil(() => hub.Intake.Accepted.Count == 1, Wait, "the message accepted");
        var received = hub.Intake.Received.Single();
        Assert.AreEqual("m1", Encoding.UTF8.GetString(received.Body));
        Assert.AreEqual("application/xml", received.ContentType);
        Assert.AreEqual("hubex", received.Channel);
        Assert.AreEqual(client.Id, received.AuthenticatedSender);
        Assert.AreEqual(client.Id, received.SenderClaimedByChannel);
        Assert.IsTrue(received.Persistent);
        await hub.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(hub.Broker.Options.DispatcherQueue, ct), "acknowledged, so gone");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_non_persistent_message_is_handed_over_as_such()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await RunningHub.StartAsync(new RecordingIntake(), ct);
        await using var client = await hub.ConnectAsync("cic35", ct);

        await client.PublishAsync("m1"u8.ToArray(), ct, persistent: false);

        await Poll.WaitUntil(() => hub.Intake.Received.Count == 1, Wait, "the message handed over");
        Assert.IsFalse(hub.Intake.Received.Single().Persistent);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_intake_failed_on_stays_in_the_queue_and_comes_again()
    {
        var ct = TestContext.CancellationToken;
        var intake = new RecordingIntake
        {
            Answer = (body, before) => before == 0 ? throw new InvalidOperationException("the store is down") : new IntakeVerdict.Accepted(body),
        };
        await using var hub = await RunningHub.StartAsync(intake, ct);
        await using var client = await hub.ConnectAsync("cic35", ct);

        await client.PublishAsync("m1"u8.ToArray(), ct);

        await Poll.WaitUntil(() => intake.Accepted.Count == 1, Wait, "the message accepted the second time");
        Assert.AreEqual(2, intake.Received.Count);
        await hub.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(hub.Broker.Options.DispatcherQueue, ct));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_the_intake_cannot_take_now_is_never_acknowledged()
    {
        var ct = TestContext.CancellationToken;
        var intake = new RecordingIntake { Answer = (_, _) => new IntakeVerdict.NotNow(TimeSpan.FromMilliseconds(100)) };
        await using var hub = await RunningHub.StartAsync(intake, ct);
        await using var client = await hub.ConnectAsync("cic35", ct);

        await client.PublishAsync("m1"u8.ToArray(), ct);

        await Poll.WaitUntil(() => intake.Received.Count >= 3, Wait, "the message offered again and again");
        await hub.StopAsync();
        // The broker puts an unacknowledged message back once it has handled the connection's close, not at once; an
        // acknowledged one would never come back.
        var requeued = await Poll.UntilAsync(async () => await HubExTestBroker.ReadyCountAsync(hub.Broker.Options.DispatcherQueue, ct) == 1u,
            Wait, every: TimeSpan.FromMilliseconds(100));
        Assert.IsTrue(requeued, "still in the queue");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Messages_given_back_come_again_in_their_order()
    {
        var ct = TestContext.CancellationToken;
        // The 5th is not taken the first time, while the ones behind it are already prefetched.
        var intake = new RecordingIntake
        {
            Answer = (body, before) => body == "m05" && before == 0 ? new IntakeVerdict.NotNow(TimeSpan.FromMilliseconds(200)) : new IntakeVerdict.Accepted(body),
        };
        await using var hub = await RunningHub.StartAsync(intake, ct);
        await using var client = await hub.ConnectAsync("cic35", ct);
        var sent = Enumerable.Range(1, 20).Select(i => $"m{i:00}").ToList();

        foreach (var body in sent) await client.PublishAsync(Encoding.UTF8.GetBytes(body), ct);

        await Poll.WaitUntil(() => intake.Accepted.Count == sent.Count, Wait, "every message accepted");
        Assert.AreEqual(string.Join(" ", sent), string.Join(" ", intake.Accepted));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_refused_message_gets_its_rs_error_on_the_senders_info_queue_and_is_acknowledged()
    {
        var ct = TestContext.CancellationToken;
        string? sender = null;
        var intake = new RecordingIntake
        {
            Answer = (_, _) => new IntakeVerdict.Refused(
                new MessageRejectedException(HubErrorCode.SenderInconsistency, "$.senderID", "not the routing key"),
                new OutgoingMessage("fr.police.mcic2_error-1", sender!, sender!, "", "RS-ERROR", "Error", "application/json", "{\"error\":200}"u8.ToArray())),
        };
        await using var hub = await RunningHub.StartAsync(intake, ct);
        await using var client = await hub.ConnectAsync("cic35", ct);
        sender = client.Id;

        await client.PublishAsync("bad"u8.ToArray(), ct);

        var error = await client.ReceiveAsync(ClientQueue.Info, ct);
        Assert.AreEqual("{\"error\":200}", Encoding.UTF8.GetString(error.Body.Span));
        Assert.AreEqual("fr.police.mcic2_error-1", error.BasicProperties.MessageId);
        Assert.AreEqual(hub.Broker.Options.HubId, error.BasicProperties.UserId);
        await hub.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(hub.Broker.Options.DispatcherQueue, ct));
        Assert.AreEqual(1, intake.Received.Count);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task A_connection_closed_by_the_broker_mid_load_loses_nothing_and_redelivers_only_what_was_not_acknowledged()
    {
        var ct = TestContext.CancellationToken;
        // The 21st message is held in the intake until the broker has closed the dispatcher's connection: stored, then
        // not acknowledged (the channel is gone), so it comes again with those prefetched behind it.
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var intake = new RecordingIntake { Hold = body => body == "m021" ? cut.Task : Task.CompletedTask };
        await using var hub = await RunningHub.StartAsync(intake, ct, prefetch: 5);
        await using var client = await hub.ConnectAsync("cic35", ct);
        var sent = Enumerable.Range(1, 200).Select(i => $"m{i:000}").ToList();

        foreach (var body in sent) await client.PublishAsync(Encoding.UTF8.GetBytes(body), ct);
        await Poll.WaitUntil(() => intake.Received.Count == 21, Wait, "the 21st message in the intake");
        await hub.Broker.CloseHubConnectionsAsync(ct);
        await Poll.WaitUntil(() => !hub.Dispatcher.Health.Connected, Wait, "the dispatcher to see its connection closed");
        cut.SetResult();

        await Poll.WaitUntil(() => intake.Accepted.Distinct().Count() == sent.Count, TimeSpan.FromSeconds(60), "every message accepted");
        Assert.IsTrue(hub.Dispatcher.Health.Connected, "connected again");
        await hub.StopAsync();
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(hub.Broker.Options.DispatcherQueue, ct), "every message acknowledged");
        var accepted = intake.Accepted.ToList();
        Assert.AreEqual(2, accepted.Count(body => body == "m021"), "the held message, stored but not acknowledged, came again");
        // Only the deliveries unacknowledged at the cut (at most the prefetch) come twice; an acknowledged one never.
        Assert.IsTrue(accepted.Count - sent.Count <= 5, $"{accepted.Count - sent.Count} redelivered");
        Assert.AreEqual(string.Join(" ", sent), string.Join(" ", accepted.Distinct()), "first receptions in the order sent");
    }

    /// <summary>A provisioned test HubEx with its dispatcher running on an intake double.</summary>
    private sealed class RunningHub : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HubExChannel _replies;
        private Task _running = Task.CompletedTask;

        private RunningHub(HubExTestBroker broker, RecordingIntake intake, HubExChannel replies, HubExDispatcher dispatcher)
        {
            Broker = broker;
            Intake = intake;
            _replies = replies;
            Dispatcher = dispatcher;
        }

        public HubExTestBroker Broker { get; }

        public RecordingIntake Intake { get; }

        public HubExDispatcher Dispatcher { get; }

        public static async Task<RunningHub> StartAsync(RecordingIntake intake, CancellationToken cancellationToken, ushort prefetch = 32)
        {
            var broker = new HubExTestBroker(prefetch: prefetch);
            await broker.ProvisionAsync(cancellationToken, broker.ClientId("cic35"));
            var replies = new HubExChannel(broker.Options, TimeProvider.System);
            var hub = new RunningHub(broker, intake, replies, new HubExDispatcher(broker.Options, replies, TimeProvider.System));
            hub._running = hub.Dispatcher.ReceiveAsync(intake, hub._stop.Token);
            return hub;
        }

        public Task<HubExTestClient> ConnectAsync(string name, CancellationToken cancellationToken) =>
            HubExTestClient.ConnectAsync(Broker, Broker.ClientId(name), cancellationToken);

        /// <summary>Stops the dispatcher: what it did not acknowledge goes back to the queue.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            await Dispatcher.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await _replies.DisposeAsync();
            await Broker.DisposeAsync();
            _stop.Dispose();
        }
    }
}
