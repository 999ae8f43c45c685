using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;
using Microsoft.Extensions.Logging;

namespace MCIC2.Interop.Routing.Processing;

/// <summary>
/// The bus's processor: step 3 in one transaction, then the partners' delivery workers are woken. A failure retrying
/// cannot fix goes straight to the dead-letter desk, its sender told, and the incident queue moves on; only a transient
/// one (<see cref="RetryPolicy.IsTransient"/>) is thrown back for the bus to retry. Refusals are logged for operators.
/// </summary>
public sealed class RoutingMessageProcessor(MessageProcessor processor, DeliveryWorkers workers, PartnerLinks.Formats.MessageFormats formats, ILogger<RoutingMessageProcessor> log)
    : IMessageProcessor
{
    public async Task ProcessAsync(AcceptedMessage message, CancellationToken ct)
    {
        var format = message.Format ?? formats.ForContentType(message.ContentType).Name;
        // The deliveries it enqueues store this span's context (MessageProcessor): their spans join the message's trace.
        using var span = Telemetry.HubTelemetry.StartContinuing("mcic2.process", System.Diagnostics.ActivityKind.Internal, message.TraceParent);
        span?.SetTag("mcic2.distribution_id", message.DistributionId).SetTag("mcic2.sender", message.SenderId).SetTag("mcic2.family", message.Family);
        ProcessingResult result;
        try
        {
            result = await processor.ProcessAsync(message.Body, format, ct);
        }
        catch (Exception failure) when (!RetryPolicy.IsTransient(failure))
        {
            log.LogError(failure, "Message {DistributionId} from {SenderId} could not be processed: kept on the dead-letter desk (mcic2 dlq list)",
                message.DistributionId, message.SenderId);
            result = await processor.DeadLetterAsync(message, UnprocessedMessages.FailureOf(failure), ct);
        }
        span?.SetTag("mcic2.verdict", result.Verdict.ToString());
        if (result.Verdict == ProcessingVerdict.Refused)
            log.LogWarning("Message {DistributionId} from {SenderId} refused: {Detail}", message.DistributionId, message.SenderId, result.Detail);
        foreach (var queue in result.QueuesToWake) workers.Wake(queue);
    }
}

/// <summary>Deliveries the hub gave up on are reported to the partner who sent the message.</summary>
public sealed class UndeliveredReports(MessageProcessor processor) : IDeliveryEvents
{
    public Task ExpiredAsync(StoredDelivery delivery, CancellationToken cancellationToken) =>
        processor.ReportUndeliveredAsync(delivery, CanonicalModel.Errors.HubErrorCode.ExpiredMessageBeforeRouting, "expired before it could be delivered", cancellationToken);

    public Task DeadLetteredAsync(StoredDelivery delivery, string cause, CancellationToken cancellationToken) =>
        processor.ReportUndeliveredAsync(delivery, CanonicalModel.Errors.HubErrorCode.DeadLetterQueued, cause, cancellationToken);
}

/// <summary>
/// A channel learnt that a message it delivered was dead-lettered or expired on the other side (a HubEx client queue):
/// its sender is told, as for a delivery the hub gave up on. A delivery id the outbox does not know (the hub's own
/// reply to a refused message, sent outside the outbox) has nobody to tell.
/// </summary>
public sealed class UndeliveredFeedback(MessageProcessor processor, IDeliveryOutbox outbox) : PartnerLinks.Channels.IDeliveryFeedback
{
    public async Task UndeliveredAsync(string deliveryId, CanonicalModel.Errors.HubErrorCode code, string cause, CancellationToken cancellationToken)
    {
        if (await outbox.FindByIdAsync(deliveryId, cancellationToken) is { } delivery)
            await processor.ReportUndeliveredAsync(delivery, code, cause, cancellationToken);
    }
}

/// <summary>Senders are the partners of the rules in force (a reloaded rules file adds or removes them at once).</summary>
public sealed class RulesPartners(Rules.RoutingRulesProvider rules) : IKnownSenders
{
    public Partners.Partner? Find(string senderId) => rules.Current.Partners.Find(senderId);

    public Partners.Partner? WithTokenSha256(string digest) => WithDigest(p => p.TokenSha256, digest);

    public Partners.Partner? WithCertificateSha256(string digest) => WithDigest(p => p.CertificateSha256, digest);

    private Partners.Partner? WithDigest(Func<Partners.Partner, string?> digestOf, string digest) =>
        rules.Current.Partners.Listings.Select(l => l.Partner).FirstOrDefault(p => digestOf(p) is { } mine
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(mine), System.Text.Encoding.ASCII.GetBytes(digest)));

    public string HubId => rules.Current.HubId ?? Rules.RuleSet.DefaultHubId;
}
