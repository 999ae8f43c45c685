using MCIC2.Interop.Routing.Partners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// Runs one <see cref="PartnerDeliveryWorker"/> per partner that has something to deliver, started on demand:
/// by <see cref="Wake"/> after a transaction enqueued deliveries, and by a slow poll of the outbox (after a restart,
/// or for deliveries written by another process such as the CLI replaying dead letters).
/// A partner is looked up (<c>partnerOf</c>) when it has pending deliveries and no worker yet, so a partner added by
/// a rules reload gets its worker without a restart. A worker delivers only while it holds its partner's
/// <see cref="IPartnerLease"/>: with several hub processes on one store, one worker per partner delivers, the others
/// stay idle and ask again every <see cref="DeliveryOptions.LeaseRetry"/>.
/// The host runs <see cref="RunAsync"/> for the life of the process.
/// </summary>
public sealed class DeliveryWorkers
{
    private readonly IDeliveryOutbox _outbox;
    private readonly Func<string, Partner?> _partnerOf;
    private readonly Func<Partner, IPartnerDelivery> _deliveryFor;
    private readonly IDeliveryEvents _events;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IPartnerLease _lease;
    private readonly Dictionary<string, PartnerDeliveryWorker> _workers = [];
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private CancellationToken? _stopping;

    /// <param name="partnerOf">The partner of an id as configured now, or null when it is not configured.</param>
    /// <param name="lease">The store's per-partner lease; by default none is taken (one process per store).</param>
    public DeliveryWorkers(
        IDeliveryOutbox outbox,
        Func<string, Partner?> partnerOf,
        Func<Partner, IPartnerDelivery> deliveryFor,
        IDeliveryEvents events,
        DeliveryOptions options,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        IPartnerLease? lease = null)
    {
        _outbox = outbox;
        _partnerOf = partnerOf;
        _deliveryFor = deliveryFor;
        _events = events;
        _options = options;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<DeliveryWorkers>();
        _lease = lease ?? SingleProcessLease.Instance;
    }

    /// <summary>Workers for a fixed set of partners.</summary>
    public DeliveryWorkers(
        IDeliveryOutbox outbox,
        IEnumerable<Partner> partners,
        Func<Partner, IPartnerDelivery> deliveryFor,
        IDeliveryEvents events,
        DeliveryOptions options,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        IPartnerLease? lease = null)
        : this(outbox, partners.ToDictionary(partner => partner.Id).GetValueOrDefault, deliveryFor, events, options, time, loggers, lease)
    {
    }

    /// <summary>Deliveries were enqueued for <paramref name="partnerId"/>: its worker looks at once (started if needed).
    /// Before <see cref="RunAsync"/> runs this does nothing; the first poll finds them.</summary>
    public void Wake(string partnerId)
    {
        lock (_gate)
        {
            if (_stopping is not { IsCancellationRequested: false } stopping) return;
            if (!_workers.TryGetValue(partnerId, out var worker))
            {
                if (_partnerOf(partnerId) is not { } partner)
                {
                    // Left pending, not dead-lettered: a partner missing from the configuration is usually a mistake
                    // to fix, and its queue must still be in order when it is back (the next poll looks it up again).
                    _logger.LogError("Deliveries are pending for {PartnerId}, which is not a configured partner", partnerId);
                    return;
                }
                worker = new PartnerDeliveryWorker(partner, _deliveryFor(partner), _outbox, _events, _options, _time, _loggers.CreateLogger<PartnerDeliveryWorker>());
                _workers.Add(partnerId, worker);
                _running.Add(Task.Run(() => RunWhileLeasedAsync(worker, stopping), CancellationToken.None));
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
                await Task.Delay(_options.IdlePoll, _time, cancellationToken);
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

    /// <summary>Runs the worker while it holds its partner's lease; without the lease (another node has it, or it was
    /// lost with its database session) the worker stays idle and asks again every <see cref="DeliveryOptions.LeaseRetry"/>.</summary>
    private async Task RunWhileLeasedAsync(PartnerDeliveryWorker worker, CancellationToken stopping)
    {
        var partnerId = worker.Partner.Id;
        var waitingLogged = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var hold = await TryLeaseAsync(partnerId, stopping);
                if (hold is not null)
                {
                    if (waitingLogged) _logger.LogInformation("Delivery worker of {PartnerId} took the partner's lease over", partnerId);
                    waitingLogged = false;
                    using var whileHeld = CancellationTokenSource.CreateLinkedTokenSource(stopping, hold.Lost);
                    await worker.RunAsync(whileHeld.Token);
                    if (stopping.IsCancellationRequested) return;
                    _logger.LogWarning("Delivery worker of {PartnerId} lost the partner's lease (its database session); asking for it again", partnerId);
                    continue;
                }
                if (!waitingLogged)
                    _logger.LogInformation("The lease of {PartnerId} is not available (held by another hub process); this worker waits, asking again every {Retry}", partnerId, _options.LeaseRetry);
                waitingLogged = true;
                await Task.Delay(_options.LeaseRetry, _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<IPartnerLeaseHold?> TryLeaseAsync(string partnerId, CancellationToken stopping)
    {
        try
        {
            return await _lease.TryAcquireAsync(partnerId, stopping);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            _logger.LogError(exception, "Could not ask for the lease of {PartnerId}; trying again in {Retry}", partnerId, _options.LeaseRetry);
            return null;
        }
    }

    private async Task WakePartnersWithPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var partnerId in await _outbox.PartnersWithPendingAsync(cancellationToken))
                Wake(partnerId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Could not read the outbox; trying again in {Poll}", _options.IdlePoll);
        }
    }
}
