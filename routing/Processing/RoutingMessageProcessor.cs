using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Routing.Processing;

/// <summary>The bus's processor: step 3 in one transaction, then the partners' delivery workers are woken.</summary>
public sealed class RoutingMessageProcessor(MessageProcessor processor, DeliveryWorkers workers, PartnerLinks.Formats.MessageFormats formats) : IMessageProcessor
{
    public async Task ProcessAsync(AcceptedMessage message, CancellationToken ct)
    {
        var format = message.Format ?? formats.ForContentType(message.ContentType).Name;
        var result = await processor.ProcessAsync(message.Body, format, ct);
        foreach (var queue in result.QueuesToWake) workers.Wake(queue);
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

/// <summary>Senders are the partners of the rules in force (a reloaded rules file adds or removes them at once).</summary>
public sealed class RulesPartners(Rules.RoutingRulesProvider rules) : IKnownSenders
{
    public Partners.Partner? Find(string senderId) => rules.Current.Partners.Find(senderId);

    public Partners.Partner? WithTokenSha256(string digest) =>
        rules.Current.Partners.Listings.Select(l => l.Partner).FirstOrDefault(p => p.TokenSha256 is { } mine
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(mine), System.Text.Encoding.ASCII.GetBytes(digest)));

    public string HubId => rules.Current.HubId ?? Rules.RuleSet.DefaultHubId;
}
