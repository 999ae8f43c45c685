namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// What the delivery workers tell the pipeline, so a message that will not reach a partner comes back to its sender
/// as an explained error. Each call is made <em>before</em> the state is recorded: a crash in between makes it again,
/// never loses it. Handlers must therefore be idempotent — derive the RS-ERROR's distribution id from the delivery id
/// (the outbox keeps one delivery per id, a repeated enqueue is ignored).
/// </summary>
public interface IDeliveryEvents
{
    /// <summary>The delivery passed its expiry (<c>dateTimeExpires</c>) before it could be delivered: it will not be
    /// sent; its sender must get RS-ERROR 400.</summary>
    Task ExpiredAsync(StoredDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The delivery goes to the dead letters: refused by the partner, or out of attempts. <paramref name="cause"/>
    /// says which, with the transport's code (<c>refused (HTTP 422)</c>), in words fit for the sender: the channel's own
    /// account (exception text, the recipient's answer, its address) stays with the dead letter, for operators.</summary>
    Task DeadLetteredAsync(StoredDelivery delivery, string cause, CancellationToken cancellationToken);
}

/// <summary>Events nobody listens to (tools, tests).</summary>
public sealed class IgnoredDeliveryEvents : IDeliveryEvents
{
    public static IgnoredDeliveryEvents Instance { get; } = new();

    public Task ExpiredAsync(StoredDelivery delivery, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeadLetteredAsync(StoredDelivery delivery, string cause, CancellationToken cancellationToken) => Task.CompletedTask;
}
