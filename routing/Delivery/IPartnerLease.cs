namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// The right to deliver one queue (a partner's address): a queue is drained strictly in order only if a single worker, across
/// every hub process sharing the store, works on it. A worker delivers only while it holds its partner's lease.
/// </summary>
public interface IPartnerLease
{
    /// <summary>The partner's lease, held until disposed; null when another worker (another process) holds it.</summary>
    Task<IPartnerLeaseHold?> TryAcquireAsync(DeliveryQueue queue, CancellationToken cancellationToken = default);
}

/// <summary>A lease held: <see cref="Lost"/> is cancelled when it can no longer be vouched for (its database session
/// died, so another process may already hold it); the worker then stops delivering and asks for it again.</summary>
public interface IPartnerLeaseHold : IAsyncDisposable
{
    CancellationToken Lost { get; }
}

/// <summary>
/// Every lease granted at once: for a store only one process can use — the embedded profile's SQLite file belongs to
/// the hub process that opened it (single node), and the workers of one process never run twice for a partner.
/// </summary>
public sealed class SingleProcessLease : IPartnerLease
{
    public static SingleProcessLease Instance { get; } = new();

    private SingleProcessLease() { }

    public Task<IPartnerLeaseHold?> TryAcquireAsync(DeliveryQueue queue, CancellationToken cancellationToken = default) =>
        Task.FromResult<IPartnerLeaseHold?>(Held.Instance);

    private sealed class Held : IPartnerLeaseHold
    {
        public static Held Instance { get; } = new();
        public CancellationToken Lost => CancellationToken.None;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
