using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;

namespace MCIC2.Interop.Routing.DeadLetters;

/// <summary>
/// How a replayed dead letter of the routing queue (<see cref="UnprocessedMessages"/>) travels: its bytes go back to the
/// processor, as the bus would hand them, and the queues they fill are woken. A failure retrying cannot fix refuses it
/// (a dead letter again, replayable again); a transient one throws, and the queue's worker tries again later.
/// </summary>
public sealed class ReprocessingChannel(MessageProcessor processor, MessageFormats formats, Action<DeliveryQueue> wake) : IPartnerChannel
{
    public const string ChannelName = "processor";

    public string Name => ChannelName;

    public string? CheckAddress(string address) => null;

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var result = await processor.ProcessAsync(message.Body, formats.ForContentType(message.ContentType).Name, cancellationToken);
            foreach (var queue in result.QueuesToWake) wake(queue);
            return new DeliveryResult(DeliveryOutcome.Delivered, $"processed: {result.Verdict}");
        }
        catch (Exception failure) when (!RetryPolicy.IsTransient(failure))
        {
            return new DeliveryResult(DeliveryOutcome.Refused, UnprocessedMessages.FailureOf(failure).Error);
        }
    }
}
