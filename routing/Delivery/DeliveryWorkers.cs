using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// Runs one <see cref="PartnerDeliveryWorker"/> per queue (a partner's address) that has something to deliver, started on demand:
/// by <see cref="Wake"/> after a transaction enqueued deliveries, and by a slow poll of the outbox (after a restart,
/// or for deliveries written by another process such as the CLI replaying dead letters).
/// A queue's route (channel and address, <c>routeOf</c>) is looked up when it has pending deliveries and no worker yet,
/// so a partner added by a rules reload gets its worker without a restart. A worker delivers only while it holds its queue's
/// <see cref="IPartnerLease"/>: with several hub processes on one store, one worker per partner delivers, the others
/// stay idle and ask again every <see cref="DeliveryOptions.LeaseRetry"/>.
/// The host runs <see cref="RunAsync"/> for the life of the process.
/// </summary>
public sealed class DeliveryWorkers
{
    private readonly IDeliveryOutbox _outbox;
    private readonly Func<DeliveryQueue, DeliveryRoute?> _routeOf;
    private readonly IDeliveryEvents _events;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IPartnerLease _lease;
    private readonly Dictionary<DeliveryQueue, PartnerDeliveryWorker> _workers = [];
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private CancellationToken? _stopping;

    /// <param name="routeOf">The route of a queue as configured now, or null when its partner is not configured.</param>
    /// <param name="lease">The store's per-queue lease; by default none is taken (one process per store).</param>
    public DeliveryWorkers(
        IDeliveryOutbox outbox,
        Func<DeliveryQueue, DeliveryRoute?> routeOf,
        IDeliveryEvents events,
        DeliveryOptions options,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        IPartnerLease? lease = null)
    {
        _outbox = outbox;
        _routeOf = routeOf;
        _events = events;
        _options = options;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<DeliveryWorkers>();
        _lease = lease ?? SingleProcessLease.Instance;
    }

    /// <summary>Workers for a fixed set of routes.</summary>
    public DeliveryWorkers(
        IDeliveryOutbox outbox,
        IEnumerable<DeliveryRoute> routes,
        IDeliveryEvents events,
        DeliveryOptions options,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        IPartnerLease? lease = null)
        : this(outbox, routes.ToDictionary(route => route.Queue).GetValueOrDefault, events, options, time, loggers, lease)
    {
    }

    /// <summary>Deliveries were enqueued in <paramref name="queue"/>: its worker looks at once (started if needed).
    /// Before <see cref="RunAsync"/> runs this does nothing; the first poll finds them.</summary>
    public void Wake(DeliveryQueue queue)
    {
        lock (_gate)
        {
            if (_stopping is not { IsCancellationRequested: false } stopping) return;
            if (!_workers.TryGetValue(queue, out var worker))
            {
                if (_routeOf(queue) is not { } route)
                {
                    // Left pending, not dead-lettered: a partner missing from the configuration is usually a mistake
                    // to fix, and its queue must still be in order when it is back (the next poll looks it up again).
                    _logger.LogError("Deliveries are pending for {Queue}, which is not a configured partner address", queue);
                    return;
                }
                worker = new PartnerDeliveryWorker(route, _outbox, _events, _options, _time, _loggers.CreateLogger<PartnerDeliveryWorker>());
                _workers.Add(queue, worker);
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
        var queue = worker.Queue;
        var waitingLogged = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var hold = await TryLeaseAsync(queue, stopping);
                if (hold is not null)
                {
                    if (waitingLogged) _logger.LogInformation("Delivery worker of {Queue} took the queue's lease over", queue);
                    waitingLogged = false;
                    using var whileHeld = CancellationTokenSource.CreateLinkedTokenSource(stopping, hold.Lost);
                    await worker.RunAsync(whileHeld.Token);
                    if (stopping.IsCancellationRequested) return;
                    _logger.LogWarning("Delivery worker of {Queue} lost the queue's lease (its database session); asking for it again", queue);
                    continue;
                }
                if (!waitingLogged)
                    _logger.LogInformation("The lease of {Queue} is not available (held by another hub process); this worker waits, asking again every {Retry}", queue, _options.LeaseRetry);
                waitingLogged = true;
                await Task.Delay(_options.LeaseRetry, _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<IPartnerLeaseHold?> TryLeaseAsync(DeliveryQueue queue, CancellationToken stopping)
    {
        try
        {
            return await _lease.TryAcquireAsync(queue, stopping);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            _logger.LogError(exception, "Could not ask for the lease of {Queue}; trying again in {Retry}", queue, _options.LeaseRetry);
            return null;
        }
    }

    private async Task WakePartnersWithPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var queue in await _outbox.QueuesWithPendingAsync(cancellationToken))
                Wake(queue);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Could not read the outbox; trying again in {Poll}", _options.IdlePoll);
        }
    }
}
