using System.Text;
using System.Text.RegularExpressions;
using MCIC2.Interop.Simulators.RecordingPartner;

namespace MCIC2.Interop.Load;

/// <summary>A delivery the recorder received (first arrival of its id), with the load message it came from.</summary>
public sealed record TrackedDelivery(string Source, ReceivedDelivery Delivery);

/// <summary>
/// Ties each delivery to the posted message it comes from: a routed copy's id is <c>{source id}@{partner}</c>; an
/// acknowledgement has the hub's own id, and names the source in its body (RC-REF). Reads only what arrived since
/// the last call.
/// </summary>
public sealed partial class DeliveryTracker(RecordingPartner partners)
{
    private readonly Dictionary<string, TrackedDelivery> _byId = [];
    private long _lastOrder;

    public IReadOnlyList<TrackedDelivery> Of(string runPrefix)
    {
        foreach (var delivery in partners.Received.Where(d => d.Order > _lastOrder))
        {
            _lastOrder = delivery.Order;
            _byId.TryAdd(delivery.DeliveryId, new TrackedDelivery(SourceOf(delivery), delivery));
        }
        var prefix = $"{LoadMessages.Sender}_{runPrefix}";
        return _byId.Values.Where(t => t.Source.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    private static string SourceOf(ReceivedDelivery delivery) =>
        delivery.DeliveryId.StartsWith(LoadMessages.Sender + "_", StringComparison.Ordinal)
            ? delivery.DeliveryId[..delivery.DeliveryId.LastIndexOf('@')]
            : LoadId().Match(Encoding.UTF8.GetString(delivery.Body)) is { Success: true } match ? match.Value : "";

    [GeneratedRegex(@"fr\.fire\.sdis35_[A-Z]\d{5}-\d{5}")]
    private static partial Regex LoadId();
}
