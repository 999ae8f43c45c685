using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Routing.DeadLetters;

/// <summary>Which dead letters an operator means. Every part given must match.</summary>
/// <param name="PartnerId">Only this partner's.</param>
/// <param name="ErrorPrefix">Only those whose error starts with this (a failure group, e.g. <c>refused: HTTP 422</c>).</param>
/// <param name="TransportCode">Only those whose last answer was this code of the channel's (<c>HTTP 422</c>, <c>AMQP 312</c>).</param>
/// <param name="IncludeReplayed">Also those already replayed (history); never replayed or discarded again.</param>
/// <param name="DeliveryId">Only the one with this delivery (distribution) id.</param>
public sealed record DeadLetterFilter(string? PartnerId = null, string? ErrorPrefix = null, string? TransportCode = null, bool IncludeReplayed = false, string? DeliveryId = null)
{
    public static DeadLetterFilter All { get; } = new();

    public bool Matches(StoredDelivery deadLetter) =>
        (PartnerId is null || deadLetter.Delivery.PartnerId == PartnerId)
        && (ErrorPrefix is null || (deadLetter.LastError ?? "").StartsWith(ErrorPrefix, StringComparison.OrdinalIgnoreCase))
        && (TransportCode is null || string.Equals(deadLetter.TransportCode, TransportCode, StringComparison.OrdinalIgnoreCase))
        && (IncludeReplayed || deadLetter.ReplayedAs is null)
        && (DeliveryId is null || deadLetter.Delivery.DeliveryId == DeliveryId);
}

/// <summary>Dead letters sharing a cause (<see cref="DeadLetterDesk.FailureGroupOf"/>), with how many there are.</summary>
public sealed record FailureGroup(string Cause, int Count, IReadOnlyList<string> Partners);

/// <summary>
/// What the CLI offers operators over the dead letters: see them (each keeps its error and its original bytes), group
/// them by cause, replay them — one, a whole cause or a whole partner, always in their original order — or discard them.
/// </summary>
public sealed class DeadLetterDesk(IDeliveryOutbox outbox, TimeProvider time, Action<DeliveryQueue>? wakeQueue = null)
{
    public async Task<IReadOnlyList<StoredDelivery>> ListAsync(DeadLetterFilter filter, CancellationToken cancellationToken = default) =>
        (await outbox.DeadLettersAsync(filter.PartnerId, cancellationToken)).Where(filter.Matches).ToList();

    public async Task<IReadOnlyList<FailureGroup>> GroupsAsync(DeadLetterFilter filter, CancellationToken cancellationToken = default) =>
        (await ListAsync(filter, cancellationToken))
            .GroupBy(FailureGroupOf)
            .Select(group => new FailureGroup(group.Key, group.Count(), group.Select(d => d.Delivery.PartnerId).Distinct().Order().ToList()))
            .OrderByDescending(group => group.Count).ThenBy(group => group.Cause, StringComparer.Ordinal)
            .ToList();

    /// <summary>The cause of a dead letter without its particulars: the error up to its second colon, e.g.
    /// <c>refused: HTTP 422 UnprocessableEntity</c> or <c>out of attempts (20000): HTTP 503 ServiceUnavailable</c>.</summary>
    public static string FailureGroupOf(StoredDelivery deadLetter)
    {
        var error = deadLetter.LastError ?? "(no error recorded)";
        var first = error.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : error.IndexOf(':', first + 1);
        return (second < 0 ? error : error[..second]).Trim();
    }

    public async Task<StoredDelivery> ReplayAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var replay = await outbox.ReplayAsync(sequence, time.GetUtcNow(), cancellationToken);
        wakeQueue?.Invoke(replay.Delivery.Queue);
        return replay;
    }

    /// <summary>Replays every dead letter the filter matches, in their original sequence order, so they reach each
    /// partner in the order they were first meant to.</summary>
    public async Task<IReadOnlyList<StoredDelivery>> ReplayAsync(DeadLetterFilter filter, CancellationToken cancellationToken = default)
    {
        var replays = new List<StoredDelivery>();
        foreach (var deadLetter in await ListAsync(filter with { IncludeReplayed = false }, cancellationToken))
            replays.Add(await outbox.ReplayAsync(deadLetter.Sequence, time.GetUtcNow(), cancellationToken));
        foreach (var queue in replays.Select(replay => replay.Delivery.Queue).Distinct())
            wakeQueue?.Invoke(queue);
        return replays;
    }

    public Task DiscardAsync(long sequence, CancellationToken cancellationToken = default) =>
        outbox.DiscardAsync(sequence, cancellationToken);
}
