using MCIC2.Interop.Simulators.RecordingPartner;

namespace MCIC2.Interop.Load;

/// <summary>A delivery a partner received (first arrival of its id), with the load message it came from.</summary>
public sealed record TrackedDelivery(string Source, ReceivedDelivery Delivery);

/// <summary>Ties each delivery the partners received to the load message it comes from
/// (<see cref="LoadMessages.SourceOf"/>). Reads only what arrived since the last call.</summary>
public sealed class DeliveryTracker(ILoadChannel channel)
{
    private readonly Dictionary<string, TrackedDelivery> _byId = [];
    private long _lastOrder;

    public IReadOnlyList<TrackedDelivery> Of(string runPrefix)
    {
        foreach (var delivery in channel.Received.Where(d => d.Order > _lastOrder))
        {
            _lastOrder = delivery.Order;
            if (LoadMessages.SourceOf(delivery.DeliveryId, delivery.Body) is { } source) _byId.TryAdd(delivery.DeliveryId, new TrackedDelivery(source, delivery));
        }
        return _byId.Values.Where(t => LoadMessages.RunOf(t.Source) == runPrefix).ToList();
    }
}
