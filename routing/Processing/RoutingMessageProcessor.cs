using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Routing.Processing;

/// <summary>The bus's processor: step 3 in one transaction, then the partners' delivery workers are woken.</summary>
public sealed class RoutingMessageProcessor(MessageProcessor processor, DeliveryWorkers workers) : IMessageProcessor
{
    public async Task ProcessAsync(AcceptedMessage message, CancellationToken ct)
    {
        var result = await processor.ProcessAsync(message.Body, message.ContentType, ct);
        foreach (var partner in result.PartnersToWake) workers.Wake(partner);
    }
}

/// <summary>Deliveries the hub gave up on are reported to the partner who sent the message.</summary>
public sealed class UndeliveredReports(MessageProcessor processor) : IDeliveryEvents
{
    public Task ExpiredAsync(StoredDelivery delivery, CancellationToken cancellationToken) =>
        processor.ReportUndeliveredAsync(delivery, CanonicalModel.Errors.HubErrorCode.ExpiredMessageBeforeRouting, "expired before it could be delivered", cancellationToken);

    public Task DeadLetteredAsync(StoredDelivery delivery, string error, CancellationToken cancellationToken) =>
        processor.ReportUndeliveredAsync(delivery, CanonicalModel.Errors.HubErrorCode.DeadLetterQueued, error, cancellationToken);
}

/// <summary>The pseudo-partner "other MCIC2 modules": its deliveries are incident changes, published (Kafka profile).</summary>
public sealed class IncidentChangeDelivery(IIncidentChangePublisher publisher) : IPartnerDelivery
{
    public const string PartnerId = "mcic2.incidents";

    public async Task<DeliveryResult> DeliverAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var version = long.Parse(message.DeliveryId[(message.DeliveryId.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await publisher.PublishAsync(new IncidentChange(message.IncidentKey, version, System.Text.Encoding.UTF8.GetString(message.Body)), cancellationToken);
            return new DeliveryResult(DeliveryOutcome.Delivered);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeliveryResult(DeliveryOutcome.TransientFailure, e.Message);
        }
    }
}

/// <summary>Senders are the partners of the rules in force (a reloaded rules file adds or removes them at once).</summary>
public sealed class RulesPartners(Rules.RoutingRulesProvider rules) : IKnownSenders
{
    public bool IsKnown(string senderId) => rules.Current.Partners.Find(senderId) is not null;
}
