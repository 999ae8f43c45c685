using System.Collections.Concurrent;
using System.Diagnostics;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>Stands in for the routing processor: records what it is given, can hold messages back or refuse them.</summary>
public sealed class RecordingProcessor : IMessageProcessor
{
    private readonly ConcurrentQueue<AcceptedMessage> _processed = new();
    private readonly ConcurrentQueue<(string DistributionId, long StartedAt)> _attempts = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _peakConcurrency;

    /// <summary>Messages of this incident key always fail (a poison message).</summary>
    public string? PoisonKey { get; init; }

    /// <summary>What a poison message throws; by default a failure retrying cannot fix.</summary>
    public Func<AcceptedMessage, Exception> PoisonFailure { get; init; } = message => new InvalidOperationException($"poison {message.DistributionId}");

    /// <summary>Time each message takes, to let queues overlap.</summary>
    public TimeSpan WorkTime { get; init; }

    public RecordingProcessor(bool open = true)
    {
        if (open) Open();
    }

    public IReadOnlyList<AcceptedMessage> Processed => [.. _processed];

    public int PeakConcurrency => _peakConcurrency;

    public int Attempts;

    /// <summary>Every attempt, in the order they started, with when (a <see cref="Stopwatch"/> timestamp).</summary>
    public IReadOnlyList<(string DistributionId, long StartedAt)> AttemptLog => [.. _attempts];

    /// <summary>Lets held messages through.</summary>
    public void Open() => _gate.TrySetResult();

    public async Task ProcessAsync(AcceptedMessage message, CancellationToken ct)
    {
        Interlocked.Increment(ref Attempts);
        _attempts.Enqueue((message.DistributionId, Stopwatch.GetTimestamp()));
        await _gate.Task.WaitAsync(ct);
        var running = Interlocked.Increment(ref _running);
        try
        {
            InterlockedMax(ref _peakConcurrency, running);
            if (message.IncidentKey == PoisonKey) throw PoisonFailure(message);
            if (WorkTime > TimeSpan.Zero) await Task.Delay(WorkTime, ct);
            _processed.Enqueue(message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public IReadOnlyList<string> DistributionIdsOf(string incidentKey) =>
        Processed.Where(m => m.IncidentKey == incidentKey).Select(m => m.DistributionId).ToList();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
