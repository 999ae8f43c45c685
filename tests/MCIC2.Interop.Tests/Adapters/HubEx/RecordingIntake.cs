using System.Collections.Concurrent;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>An intake double: records every message handed to it and answers what <see cref="Answer"/> says for it
/// (the body as text, and how often that body came before) — or throws, as a failing store would.</summary>
public sealed class RecordingIntake : IMessageIntake
{
    private readonly ConcurrentDictionary<string, int> _seen = new();

    /// <summary>Every message received, in order, redeliveries included.</summary>
    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    /// <summary>The bodies accepted, in order.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    public Func<string, int, IntakeVerdict> Answer { get; init; } = (body, _) => new IntakeVerdict.Accepted(body);

    /// <summary>Awaited before answering a body, to hold a message in flight.</summary>
    public Func<string, Task> Hold { get; init; } = _ => Task.CompletedTask;

    public async Task<IntakeVerdict> ReceiveAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Received.Enqueue(message);
        var body = Encoding.UTF8.GetString(message.Body);
        await Hold(body);
        var before = _seen.AddOrUpdate(body, 0, (_, count) => count + 1);
        var verdict = Answer(body, before);
        if (verdict is IntakeVerdict.Accepted) Accepted.Enqueue(body);
        return verdict;
    }
}

/// <summary>A delivery-feedback double: records what it is told.</summary>
public sealed class RecordingFeedback : IDeliveryFeedback
{
    public ConcurrentQueue<(string DeliveryId, HubErrorCode Code, string Cause)> Undelivered { get; } = new();

    /// <summary>How many reports fail before one is taken, as a store that is down for a moment.</summary>
    public int FailuresFirst { get; set; }

    public Task UndeliveredAsync(string deliveryId, HubErrorCode code, string cause, CancellationToken cancellationToken)
    {
        if (FailuresFirst > 0)
        {
            FailuresFirst--;
            throw new InvalidOperationException("the store is down");
        }
        Undelivered.Enqueue((deliveryId, code, cause));
        return Task.CompletedTask;
    }
}
