using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Processing;
using Microsoft.Extensions.Logging;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace MCIC2.Interop.Routing.DeadLetters;

/// <summary>
/// Moves the bus's own dead letters (Wolverine's table: a message out of its transient retries, a failure the
/// processor could not record itself, or one left there by an earlier version of the hub) to the dead-letter desk,
/// its sender told, then deletes them from the bus: operators look in one place, <c>mcic2 dlq</c>. A crash between
/// the two steps moves a message twice, harmlessly: the dead letter's and the error's ids derive from the message.
/// </summary>
public sealed class BusDeadLetters(IWolverineRuntime runtime, MessageProcessor processor, ILogger<BusDeadLetters> log)
{
    /// <summary>How many are moved at a time (the next sweep takes the rest).</summary>
    public const int Batch = 100;

    /// <summary>Moves what the bus holds now; returns how many.</summary>
    public async Task<int> MoveToDeskAsync(CancellationToken cancellationToken)
    {
        var deadLetters = runtime.Storage.DeadLetters;
        var found = await deadLetters.QueryAsync(new DeadLetterEnvelopeQuery { PageSize = Batch }, cancellationToken);
        var moved = new List<Guid>();
        foreach (var letter in found.Envelopes.Where(l => l.MessageType == typeof(AcceptedMessage).FullName && l.Envelope.Data is { Length: > 0 }))
        {
            try
            {
                var message = (AcceptedMessage)runtime.Options.DefaultSerializer!.ReadFromData(typeof(AcceptedMessage), letter.Envelope);
                await processor.DeadLetterAsync(message, UnprocessedMessages.FailureOfBusDeadLetter(letter.ExceptionType, letter.ExceptionMessage), cancellationToken);
                moved.Add(letter.Id);
            }
            catch (Exception e) when (!RetryPolicy.IsTransient(e))
            {
                // Unreadable, or in a format this host lacks: left in the bus, said at every sweep, never blocking the others.
                log.LogError(e, "Bus dead letter {Id} cannot be moved to the dead-letter desk; it stays in the bus's table", letter.Id);
            }
        }
        if (moved.Count > 0) await deadLetters.DiscardAsync(new DeadLetterEnvelopeQuery([.. moved]), cancellationToken);
        return moved.Count;
    }
}
