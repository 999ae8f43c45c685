using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// The key that orders messages: all messages with one key are processed one after another. It is the incident
/// as partners name it on the wire (no store lookup: the intake must answer fast and the store may be busy).
/// </summary>
public static class PartitionKey
{
    /// <summary>
    /// The incident key (<see cref="IncidentKeys.Of"/>), else — for an acknowledgement or error report — the
    /// distribution id it names, so it follows that message's partition, else the message's own distribution id
    /// (a message about no incident orders with nothing).
    /// </summary>
    public static string Of(CanonicalMessage message) =>
        IncidentKeys.Of(message)
        ?? NonEmpty(message.Acknowledgement?.AcknowledgedDistributionId)
        ?? NonEmpty(message.Error?.ReferencedDistributionId)
        ?? NonEmpty(message.Distribution?.DistributionId)
        ?? throw new ArgumentException("a message without an envelope has no partition key", nameof(message));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
