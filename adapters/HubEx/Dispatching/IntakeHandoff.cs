using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Adapters.HubEx.Dispatching;

/// <summary>
/// Hands one message taken from a queue to the hub's intake and says how to settle it, the same for every queue the
/// hub consumes as a HubEx (its own dispatcher, its queues on a peer HubEx). Accepted: acknowledged, only now that
/// the intake stored it. Refused: its RS-ERROR is sent first (with publisher confirms), then it is acknowledged; if
/// that send fails transiently, it is not acknowledged and comes again, is refused again and the reply retried (a reply
/// refused for good would not go on any later try either). Not now, or the intake threw: it goes back to its queue and
/// comes again after a pause; the intake recognises a message it stored already.
/// </summary>
/// <param name="reply">Sends the intake's refusal back the way the message came.</param>
public sealed class IntakeHandoff(Func<OutgoingMessage, CancellationToken, Task<DeliveryResult>> reply, TimeSpan faultPause, TimeProvider time)
{
    private readonly Lock _healthLock = new();
    private volatile string? _lastRefusal;
    private DateTimeOffset? _lastExchangeAt;

    /// <summary>When the intake last answered for a message of the queues handed off here.</summary>
    public DateTimeOffset? LastExchangeAt
    {
        get
        {
            lock (_healthLock) return _lastExchangeAt;
        }
    }

    /// <summary>The code and cause of the last message the intake refused, for the link's health.</summary>
    public string? LastRefusal => _lastRefusal;

    public async Task<Settlement> HandAsync(IMessageIntake intake, InboundMessage message, CancellationToken cancellationToken)
    {
        IntakeVerdict verdict;
        try
        {
            verdict = await intake.ReceiveAsync(message, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Stored or not, we cannot tell: it comes again, and the intake recognises a message it stored already.
            return new Settlement.GiveBack(faultPause);
        }
        lock (_healthLock) _lastExchangeAt = time.GetUtcNow();

        switch (verdict)
        {
            case IntakeVerdict.NotNow notNow:
                return new Settlement.GiveBack(notNow.RetryAfter);
            case IntakeVerdict.Refused refused:
                _lastRefusal = $"{(int)refused.Rejection.Code} {refused.Rejection.Code.StatusString()}: {refused.Rejection.Problems.FirstOrDefault()?.Message}";
                return refused.Reply is { } error ? await ReplyAsync(error, cancellationToken) : Settlement.Done;
            default:
                return Settlement.Done;
        }
    }

    private async Task<Settlement> ReplyAsync(OutgoingMessage error, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await reply(error, cancellationToken);
            return sent.Outcome == DeliveryOutcome.TransientFailure ? new Settlement.GiveBack(faultPause) : Settlement.Done;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new Settlement.GiveBack(faultPause);
        }
    }
}
