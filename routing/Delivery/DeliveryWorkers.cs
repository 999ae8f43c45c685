using MCIC2.Interop.Routing.Partners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// Runs one <see cref="PartnerDeliveryWorker"/> per partner that has something to deliver, started on demand:
/// by <see cref="Wake"/> after a transaction enqueued deliveries, and by a slow poll of the outbox (after a restart,
/// or for deliveries written by another process such as the CLI replaying dead letters).
/// The host runs <see cref="RunAsync"/> for the life of the process.
/// </summary>
public sealed class DeliveryWorkers(
    IDeliveryOutbox outbox,
    IEnumerable<Partner> partners,
    Func<Partner, IPartnerDelivery> deliveryFor,
    IDeliveryEvents events,
    DeliveryOptions options,
    TimeProvider time,
    ILoggerFactory? loggers = null)
{
    private readonly Dictionary<string, Partner> _partners = partners.ToDictionary(partner => partner.Id);
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;
    private readonly Dictionary<string, PartnerDeliveryWorker> _workers = [];
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private CancellationToken? _stopping;

    /// <summary>Deliveries were enqueued for <paramref name="partnerId"/>: its worker looks at once (started if needed).
    /// Before <see cref="RunAsync"/> runs this does nothing; the first poll finds them.</summary>
    public void Wake(string partnerId)
    {
        lock (_gate)
        {
            if (_stopping is not { IsCancellationRequested: false } stopping) return;
            if (!_workers.TryGetValue(partnerId, out var worker))
            {
                if (!_partners.TryGetValue(partnerId, out var partner))
                {
                    // Left pending, not dead-lettered: a partner missing from the configuration is usually a mistake
                    // to fix, and its queue must still be in order when it is back.
                    _loggers.CreateLogger<DeliveryWorkers>().LogError("Deliveries are pending for {PartnerId}, which is not a configured partner", partnerId);
                    return;
                }
                worker = new PartnerDeliveryWorker(partner, deliveryFor(partner), outbox, events, options, time, _loggers.CreateLogger<PartnerDeliveryWorker>());
                _workers.Add(partnerId, worker);
                _running.Add(Task.Run(() => worker.RunAsync(stopping), CancellationToken.None));
            }
            worker.Wake();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate) _stopping = cancellationToken;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await WakePartnersWithPendingAsync(cancellationToken);
                await Task.Delay(options.IdlePoll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Task[] running;
            lock (_gate) running = [.. _running];
            await Task.WhenAll(running);
        }
    }

    private async Task WakePartnersWithPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var partnerId in await outbox.PartnersWithPendingAsync(cancellationToken))
                Wake(partnerId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _loggers.CreateLogger<DeliveryWorkers>().LogError(exception, "Could not read the outbox; trying again in {Poll}", options.IdlePoll);
        }
    }
}
