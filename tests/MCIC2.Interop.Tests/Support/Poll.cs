namespace MCIC2.Interop.Tests.Support;

/// <summary>Bounded polling: the one way tests wait for background work (no fixed sleeps, no endless loops).</summary>
public static class Poll
{
    private static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls until <paramref name="done"/> holds; false when <paramref name="timeout"/> passed first.
    /// <paramref name="between"/> runs after each pause (e.g. to move a fake clock).</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> done, TimeSpan timeout, TimeSpan? every = null, Action? between = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(every ?? DefaultEvery);
            between?.Invoke();
        }
        return true;
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, TimeSpan?, Action?)"/>
    public static Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout, TimeSpan? every = null, Action? between = null) =>
        UntilAsync(() => Task.FromResult(done()), timeout, every, between);

    /// <summary>Polls until <paramref name="done"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntil(Func<bool> done, TimeSpan timeout, string what)
    {
        if (!await UntilAsync(done, timeout)) Assert.Fail($"timed out after {timeout.TotalSeconds} s waiting for {what}");
    }
}
