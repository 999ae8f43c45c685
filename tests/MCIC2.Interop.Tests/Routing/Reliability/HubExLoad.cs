using System.Diagnostics;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>What a disrupted HubEx run measured.</summary>
/// <param name="ConfirmedAtDisruption">Messages the broker had confirmed to the senders when the disruption began.</param>
/// <param name="AcknowledgedAtDisruption">RC-REFs the senders had received by then (messages the hub had routed).</param>
/// <param name="Republished">Messages a sender published more than once, for want of a confirm (no connection, lost
/// before the confirm); <paramref name="FailedPublishes"/> counts the attempts.</param>
/// <param name="Outage">From the disruption's start until the hub, or the broker, ran again.</param>
/// <param name="Silence">The longest the clients went without a delivery after the disruption began: the time to recover.</param>
public sealed record HubExLoadFigures(
    int Messages,
    int ConfirmedAtDisruption,
    int AcknowledgedAtDisruption,
    int Republished,
    int FailedPublishes,
    int ExpectedDeliveries,
    int ReceivedDeliveries,
    int Redeliveries,
    int ClientReconnections,
    TimeSpan Outage,
    TimeSpan Silence,
    TimeSpan Publishing,
    TimeSpan UntilAllDelivered);

/// <summary>
/// The HubEx disruption scenario: each incident's messages are published by its sender in order, the next one only
/// once the broker confirmed the previous. First every incident's creation, until the hub has routed them all (a
/// cold hub takes seconds, on a loaded machine a minute, to route its first messages); then the updates, every
/// incident at once at a steady <see cref="Pace"/>, so the disruption (SIGKILL and restart of the hub, restart of the
/// broker), once <see cref="DisruptAfterConfirmed"/> messages were confirmed, finds the hub routing and the senders
/// still publishing. Whatever the broker did not confirm is published again, the same bytes. Then the clients' ledger
/// is held to the <see cref="DeliveryPromise"/>.
/// </summary>
public sealed class HubExLoad(IReadOnlyList<HubExLoadClient> senders, IReadOnlyList<HubExLoadClient> clients, ClientLedger ledger, Action<string> report)
{
    /// <summary>Fewer than the messages: the senders still have some to publish.</summary>
    public required int DisruptAfterConfirmed { get; init; }

    /// <summary>Between two messages of an incident: the load a few command centres make, not a burst.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Publishes everything, runs <paramref name="disrupt"/> mid-way, waits for every delivery, checks the
    /// ledger (failing the test, with <paramref name="diagnostics"/>); returns the figures.</summary>
    public async Task<HubExLoadFigures> RunAsync(IReadOnlyList<LoadMessage> messages, IReadOnlyList<string> recipients, Func<Task> disrupt,
        Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var promise = new DeliveryPromise(messages, recipients);
        var clock = Stopwatch.StartNew();
        var confirmed = 0;
        var republished = 0;
        var failedPublishes = 0;
        var confirmedAtDisruption = 0;
        var acknowledgedAtDisruption = 0;
        var began = DateTimeOffset.MinValue;
        var ended = DateTimeOffset.MinValue;

        async Task DisruptAsync()
        {
            while (Volatile.Read(ref confirmed) < DisruptAfterConfirmed) await Task.Delay(5, cancellationToken);
            began = DateTimeOffset.UtcNow;
            confirmedAtDisruption = Volatile.Read(ref confirmed);
            acknowledgedAtDisruption = RepliesReceived(promise);
            report($"disruption after {confirmedAtDisruption} confirmed messages, {acknowledgedAtDisruption} RC-REFs received ({clock.Elapsed.TotalSeconds:0.0} s)");
            await disrupt();
            ended = DateTimeOffset.UtcNow;
            report($"back after {(ended - began).TotalSeconds:0.0} s");
        }

        // A disruption that fails (the hub or the node does not come back) stops the senders: its failure is the test's.
        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bySender = senders.ToDictionary(s => s.Id);
        async Task PublishAsync(LoadMessage message)
        {
            var failures = await bySender[message.Sender].PublishAsync(message.Bytes, message.DistributionId, publishing.Token);
            if (failures > 0)
            {
                Interlocked.Increment(ref republished);
                Interlocked.Add(ref failedPublishes, failures);
            }
            Interlocked.Increment(ref confirmed);
        }

        var creations = messages.Where(m => m.Sequence == 0).ToList();
        await Task.WhenAll(creations.Select(PublishAsync));
        if (!await Poll.UntilAsync(() => RepliesReceived(promise) >= creations.Count, DeliveryTimeout, TimeSpan.FromMilliseconds(250)))
            Assert.Fail($"the hub did not route the {creations.Count} creations within {DeliveryTimeout}: {promise.Summary(ledger.Ledger())}{diagnostics()}");
        report($"the hub routed the {creations.Count} creations {clock.Elapsed.TotalSeconds:0.0} s after the first publish");

        var disruption = Task.Run(async () =>
        {
            try
            {
                await DisruptAsync();
            }
            catch
            {
                await publishing.CancelAsync();
                throw;
            }
        }, cancellationToken);

        var incidents = messages.Where(m => m.Sequence > 0).GroupBy(m => m.Incident).Select(incident => Task.Run(async () =>
        {
            foreach (var message in incident.OrderBy(m => m.Sequence))
            {
                await Task.Delay(Pace, publishing.Token);
                await PublishAsync(message);
            }
        }, publishing.Token)).ToList();

        try
        {
            await Task.WhenAll(incidents);
        }
        catch (OperationCanceledException) when (disruption.IsFaulted)
        {
        }
        var published = clock.Elapsed;
        report($"{messages.Count} messages confirmed in {published.TotalSeconds:0.0} s; {republished} published again for want of a confirm ({failedPublishes} attempts failed)");
        await disruption;

        await promise.WaitForAllAsync(ledger.Ledger, DeliveryTimeout, diagnostics);
        var untilDelivered = clock.Elapsed;
        report($"all deliveries received {untilDelivered.TotalSeconds:0.0} s after the first publish");
        var silence = ledger.LongestSilenceSince(began);
        report($"the longest the clients went without a delivery after the disruption began: {silence.TotalSeconds:0.0} s");
        var judged = await promise.AssertKeptAsync(ledger.Ledger, report, diagnostics);
        return new HubExLoadFigures(messages.Count, confirmedAtDisruption, acknowledgedAtDisruption, republished, failedPublishes, promise.ExpectedDeliveries,
            judged.All.Count, judged.Redeliveries, clients.Sum(c => c.Reconnections), ended - began, silence, published, untilDelivered);
    }

    /// <summary>The distinct replies (RC-REFs, unless something went wrong) the senders received so far.</summary>
    private int RepliesReceived(DeliveryPromise promise)
    {
        var sofar = ledger.Ledger();
        return promise.Senders.Sum(s => sofar.Of(s).Count);
    }
}
