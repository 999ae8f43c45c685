using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>A partner that records every message it is offered and answers as the test scripts it: by default it
/// accepts; <see cref="Down"/> makes it fail transiently until <see cref="Up"/>; <see cref="Refuse"/> refuses one id.</summary>
public sealed class ScriptedPartner : IPartnerChannel
{
    private readonly Dictionary<string, (string Reason, string TransportCode)> _refusals = [];
    private readonly Lock _gate = new();
    private readonly List<string> _offered = [];
    private readonly List<string> _accepted = [];
    private bool _down;

    /// <summary>Every delivery id offered, in order, including failed attempts.</summary>
    public IReadOnlyList<string> Offered { get { lock (_gate) return [.. _offered]; } }

    /// <summary>The delivery ids the partner has received, in order.</summary>
    public IReadOnlyList<string> Accepted { get { lock (_gate) return [.. _accepted]; } }

    public void Down() => _down = true;

    public void Up() => _down = false;

    public void Refuse(string deliveryId, string reason, string transportCode = "HTTP 422") => _refusals[deliveryId] = (reason, transportCode);

    public string Name => "scripted";

    public string? CheckAddress(string address) => null;

    public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _offered.Add(message.DeliveryId);
            if (_down) return Task.FromResult(new DeliveryResult(DeliveryOutcome.TransientFailure, "HTTP 503 ServiceUnavailable: down for maintenance", "HTTP 503"));
            if (_refusals.TryGetValue(message.DeliveryId, out var refusal)) return Task.FromResult(new DeliveryResult(DeliveryOutcome.Refused, refusal.Reason, refusal.TransportCode));
            _accepted.Add(message.DeliveryId);
            return Task.FromResult(new DeliveryResult(DeliveryOutcome.Delivered, "HTTP 200 OK"));
        }
    }
}

/// <summary>Records what the workers report to the pipeline.</summary>
public sealed class RecordedDeliveryEvents : IDeliveryEvents
{
    public List<string> Expired { get; } = [];
    public List<(string DeliveryId, string Error)> DeadLettered { get; } = [];

    public Task ExpiredAsync(StoredDelivery delivery, CancellationToken cancellationToken)
    {
        lock (Expired) Expired.Add(delivery.Delivery.DeliveryId);
        return Task.CompletedTask;
    }

    public Task DeadLetteredAsync(StoredDelivery delivery, string error, CancellationToken cancellationToken)
    {
        lock (DeadLettered) DeadLettered.Add((delivery.Delivery.DeliveryId, error));
        return Task.CompletedTask;
    }
}
