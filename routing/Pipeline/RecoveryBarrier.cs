namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// Holds the bus's handler back while the host replays, in acceptance order, the messages a previous run left in the
/// bus (a crash, a kill). Wolverine replays them too, but not in order: each recovered page is sorted, yet the pages
/// are read in no particular order (found by the kill tests on PostgreSQL). Once the ordered replay is done the bus's
/// copies are duplicates, which the processor drops by distribution id. Open unless the host closes it at start.
/// </summary>
public sealed class RecoveryBarrier(bool open = true)
{
    private readonly TaskCompletionSource _open = Opened(open);

    public bool IsOpen => _open.Task.IsCompleted;

    public void Open() => _open.TrySetResult();

    public Task WaitAsync(CancellationToken ct) => IsOpen ? Task.CompletedTask : _open.Task.WaitAsync(ct);

    private static TaskCompletionSource Opened(bool open)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open) source.SetResult();
        return source;
    }
}
