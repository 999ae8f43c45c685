using System.Text;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// The N durable local queues accepted messages wait in, each processed strictly one message at a time. A key
/// always maps to the same queue (a stable hash, identical across processes and restarts — unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process), so one incident's messages share a queue
/// and keep their order while different incidents spread over the queues and run concurrently.
/// </summary>
/// <remarks>
/// Wolverine 6.62 has its own partitioned local messaging; we choose the queue ourselves so the mapping is ours,
/// visible and tested, and does not move with a library upgrade while messages still wait in the store.
/// </remarks>
public sealed class IncidentQueues
{
    public const string NamePrefix = "incidents-";

    public IncidentQueues(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
    }

    public int Count { get; }

    public IEnumerable<string> Names => Enumerable.Range(0, Count).Select(NameOf);

    public string For(string partitionKey) => NameOf((int)(StableHash(partitionKey) % (uint)Count));

    public static string NameOf(int index) => NamePrefix + index;

    /// <summary>FNV-1a over the UTF-8 bytes: simple, stable, spreads caseIds well enough for a handful of queues.</summary>
    public static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
