using MCIC2.Interop.Routing.Audit;
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

/// <summary>What an operator named is not a dead letter that can be replayed or discarded: unknown, in another state, or
/// already replayed.</summary>
public sealed class NotADeadLetterException(long sequence, string message, bool unknown = false) : Exception(message)
{
    public long Sequence { get; } = sequence;

    /// <summary>There is no delivery with this sequence at all.</summary>
    public bool Unknown { get; } = unknown;
}

/// <summary>Dead letters sharing a cause (<see cref="DeadLetterDesk.FailureGroupOf"/>), with how many there are.</summary>
public sealed record FailureGroup(string Cause, int Count, IReadOnlyList<string> Partners);

/// <summary>Who works at the desk, for the audit log: each replay and discard is written there under their name.</summary>
public sealed record DeskOperator(string Actor, ActorKind Kind = ActorKind.Operator);

/// <summary>
/// What the CLI and the operators' API offer over the dead letters: see them (each keeps its error and its original
/// bytes), group them by cause, replay them — one, a whole cause or a whole partner, always in their original order —
/// or discard them. With an <see cref="DeskOperator"/>, every replay and discard is audited, right after it commits.
/// </summary>
public sealed class DeadLetterDesk(IDeliveryOutbox outbox, TimeProvider time, Action<DeliveryQueue>? wakeQueue = null, DeskOperator? by = null)
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

    /// <summary>A dead letter not yet replayed, or a <see cref="NotADeadLetterException"/> saying why this sequence is not one.</summary>
    public async Task<StoredDelivery> DeadLetterAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var delivery = await outbox.FindAsync(sequence, cancellationToken) ?? throw new NotADeadLetterException(sequence, $"there is no delivery {sequence}", unknown: true);
        if (delivery.State != DeliveryState.DeadLettered)
            throw new NotADeadLetterException(sequence, $"delivery {sequence} ({delivery.Delivery.DeliveryId}) is {delivery.State}, not a dead letter");
        if (delivery.ReplayedAs is not null)
            throw new NotADeadLetterException(sequence, $"dead letter {sequence} ({delivery.Delivery.DeliveryId}) was already replayed as {delivery.ReplayedAs}");
        return delivery;
    }

    public async Task<StoredDelivery> ReplayAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var replay = await outbox.ReplayAsync(sequence, time.GetUtcNow(), cancellationToken, Replayed);
        wakeQueue?.Invoke(replay.Delivery.Queue);
        return replay;
    }

    /// <summary>Replays a dead letter with the bytes an operator corrected (checked by the caller against the
    /// delivery's format); the audit log keeps the digests of both.</summary>
    public async Task<StoredDelivery> ReplayEditedAsync(long sequence, byte[] editedBody, CancellationToken cancellationToken = default)
    {
        var original = await DeadLetterAsync(sequence, cancellationToken);
        var replay = await outbox.ReplayEditedAsync(sequence, time.GetUtcNow(), editedBody, cancellationToken, replay => by is null ? [] :
        [
            new AuditEntry(time.GetUtcNow(), by.Actor, by.Kind, AuditActions.DeadLetterEdited, replay.Delivery.IncidentKey, replay.Delivery.ReplayOf,
                $"bytes sha256 {Digest(original.Delivery.Body)} ({original.Delivery.Body.Length}) replaced by {Digest(editedBody)} ({editedBody.Length})"),
            .. Replayed(replay),
        ]);
        wakeQueue?.Invoke(replay.Delivery.Queue);
        return replay;
    }

    private static string Digest(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>Replays every dead letter the filter matches, in their original sequence order, so they reach each
    /// partner in the order they were first meant to.</summary>
    public async Task<IReadOnlyList<StoredDelivery>> ReplayAsync(DeadLetterFilter filter, CancellationToken cancellationToken = default)
    {
        var replays = new List<StoredDelivery>();
        foreach (var deadLetter in await ListAsync(filter with { IncludeReplayed = false }, cancellationToken))
        {
            replays.Add(await outbox.ReplayAsync(deadLetter.Sequence, time.GetUtcNow(), cancellationToken, Replayed));
        }
        foreach (var queue in replays.Select(replay => replay.Delivery.Queue).Distinct())
            wakeQueue?.Invoke(queue);
        return replays;
    }

    public async Task DiscardAsync(long sequence, CancellationToken cancellationToken = default)
    {
        // The audit row is written in the discard's own transaction: no discard without its author.
        await outbox.DiscardAsync(sequence, cancellationToken, deadLetter => by is null ? [] :
        [
            new AuditEntry(time.GetUtcNow(), by.Actor, by.Kind, AuditActions.DeadLetterDiscarded, deadLetter.Delivery.IncidentKey,
                deadLetter.Delivery.DeliveryId, $"sequence {sequence} to {deadLetter.Delivery.PartnerId}: {deadLetter.LastError}"),
        ]);
    }

    /// <summary>The audit row of a replay, written by the outbox in the replay's own transaction.</summary>
    private IEnumerable<AuditEntry> Replayed(StoredDelivery replay) => by is null ? [] :
    [
        new AuditEntry(time.GetUtcNow(), by.Actor, by.Kind, AuditActions.DeadLetterReplayed, replay.Delivery.IncidentKey,
            replay.Delivery.ReplayOf, $"to {replay.Delivery.PartnerId} as {replay.Sequence} {replay.Delivery.DeliveryId}"),
    ];
}
