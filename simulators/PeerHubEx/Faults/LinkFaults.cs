using MCIC2.Interop.Simulators.PeerHubEx.Settings;

namespace MCIC2.Interop.Simulators.PeerHubEx.Faults;

/// <summary>
/// The faults of one client link, switchable while the simulator runs (tests and scenarios set them between
/// exchanges). They act on what the HubEx delivers to that client, or takes from it:
/// <list type="bullet">
/// <item><see cref="Latency"/>: each delivery waits that long first (and so do those behind it: one dispatcher);</item>
/// <item><see cref="Duplicate"/>: each delivery is published twice, same message id (a redelivery the client must absorb);</item>
/// <item><see cref="Reorder"/>: deliveries are swapped in pairs, the first held (unacknowledged) until the next comes;</item>
/// <item><see cref="SlowConsumer"/>: the HubEx takes each message that client publishes only that long after (its
/// clock), unacknowledged meanwhile: its dispatcher queue backs up, and once full (<see cref="PeerHubExSettings.DispatcherQueueLength"/>)
/// the broker nacks the client's publishes — what a client must keep until confirmed;</item>
/// <item>an outage (<see cref="PeerHubExSimulator.StartOutageAsync"/>): the client's connections are closed and it may not log in.</item>
/// </list>
/// </summary>
public sealed class LinkFaults(LinkFaultSettings initial)
{
    private long _latencyTicks = initial.Latency.Ticks;
    private volatile bool _duplicate = initial.Duplicate;
    private volatile bool _reorder = initial.Reorder;
    private long _slowConsumerTicks = initial.SlowConsumer.Ticks;

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    public bool Duplicate { get => _duplicate; set => _duplicate = value; }

    public bool Reorder { get => _reorder; set => _reorder = value; }

    public TimeSpan SlowConsumer
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _slowConsumerTicks));
        set => Interlocked.Exchange(ref _slowConsumerTicks, value.Ticks);
    }

    /// <summary>True while the link is cut (see <see cref="PeerHubExSimulator.StartOutageAsync"/>).</summary>
    public bool Outage { get; internal set; }
}
