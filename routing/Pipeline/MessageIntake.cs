using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// Step 1, Receive: decode (validate and map), refuse what cannot be routed, queue the rest durably. Only a
/// message this returns for is accepted; everything else throws <see cref="MessageRejectedException"/> and nothing
/// is kept, so nothing can be lost.
/// </summary>
public sealed class MessageIntake(IIntakeQueue queue, TimeProvider time, IKnownSenders senders)
{
    /// <summary>Returns the accepted message once it is durably queued. The same distribution id twice is accepted
    /// twice: the processor's transaction deduplicates.</summary>
    public async Task<AcceptedMessage> AcceptAsync(byte[] body, CancellationToken ct)
    {
        var decoded = CisuCodec.Shared.Decode(body);
        var distribution = decoded.Message.Distribution
            ?? throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                "an envelope is required to route: a bare payload names neither its sender nor its distribution id");
        if (!senders.IsKnown(distribution.SenderId))
        {
            throw new MessageRejectedException(HubErrorCode.UnknownSender, "$.senderID",
                $"'{distribution.SenderId}' is not a partner of this hub: nobody could be answered");
        }
        if (distribution.Header is { } header && !header.Sender.Uri.EndsWith(":" + distribution.SenderId, StringComparison.OrdinalIgnoreCase))
        {
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "$.content[0].jsonContent.embeddedJsonContent.message.sender.URI",
                $"the header names '{header.Sender.Uri}' but the envelope's sender is '{distribution.SenderId}'");
        }
        var now = time.GetUtcNow();
        if (distribution.ExpiresAt <= now)
        {
            throw new MessageRejectedException(HubErrorCode.ExpiredMessageBeforeRouting, "$.dateTimeExpires",
                $"message expired at {distribution.ExpiresAt:O}, received at {now:O}");
        }
        var accepted = new AcceptedMessage(
            distribution.DistributionId,
            distribution.SenderId,
            PartitionKey.Of(decoded.Message),
            decoded.Message.Family,
            decoded.Encoding == CisuEncoding.Xml ? "application/xml" : "application/json",
            body,
            now);
        await queue.EnqueueAsync(accepted, ct);
        return accepted;
    }
}

/// <summary>The partners the hub accepts messages from (the routing rules' partner directory).</summary>
public interface IKnownSenders
{
    bool IsKnown(string senderId);
}
