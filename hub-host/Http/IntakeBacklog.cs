using Wolverine.Runtime;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// How many accepted messages wait in the bus to be processed, and whether that is too many to accept more
/// (<c>Hub:Intake:MaxBacklog</c>). Found by the footprint run (docs/reliability.md): the durable local queues hold every
/// waiting message in memory as well as in the bus's store, so an intake faster than routing grew the hub to 4.7 GB for
/// 80,000 waiting messages. Beyond the bound the intake answers "not now" (HTTP 503 with Retry-After; the HubEx
/// dispatcher leaves the message with its broker), and the sender posts again. The count is the bus's own (its
/// incoming and outgoing envelopes), read at most every <see cref="Refresh"/>: exact after a restart or a dead letter,
/// where a count kept in memory would drift.
/// </summary>
public sealed class IntakeBacklog(IWolverineRuntime runtime, TimeProvider time, int maxBacklog)
{
    public const int DefaultMaxBacklog = 10_000;

    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private long _waiting;
    private long _readAt = long.MinValue;
    private int _reading;

    public int MaxBacklog { get; } = maxBacklog >= 1 ? maxBacklog : throw new InvalidOperationException($"Hub:Intake:MaxBacklog must be at least 1 (got {maxBacklog})");

    /// <summary>The number waiting as last read (at most <see cref="Refresh"/> old, read again now if older).</summary>
    public async Task<long> WaitingAsync()
    {
        var readAt = Interlocked.Read(ref _readAt);
        var stale = readAt == long.MinValue || time.GetElapsedTime(readAt) >= Refresh;
        // One request reads the count at a time; the others take the last one read.
        if (stale && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            try
            {
                var counts = await runtime.Storage.Admin.FetchCountsAsync();
                Interlocked.Exchange(ref _waiting, counts.Incoming + counts.Outgoing);
                Interlocked.Exchange(ref _readAt, time.GetTimestamp());
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // The bus's store did not answer: the last count stands (a message it then refuses to store is refused anyway).
            }
            finally
            {
                Interlocked.Exchange(ref _reading, 0);
            }
        }
        return Interlocked.Read(ref _waiting);
    }

    public async Task<bool> IsFullAsync() => await WaitingAsync() >= MaxBacklog;
}
