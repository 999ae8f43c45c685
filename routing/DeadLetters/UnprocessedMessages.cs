using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.Routing.DeadLetters;

/// <summary>
/// A message the hub accepted but could not process is a dead letter too, of a queue of the hub's own, the routing
/// queue (<see cref="QueueId"/>): listed, grouped, replayed and discarded with the partners' dead letters, so
/// <c>mcic2 dlq</c> is the one place an operator looks. Its body is the message as the partner sent it; a replay hands
/// it to the processor again (<see cref="ReprocessingChannel"/>).
/// </summary>
public static class UnprocessedMessages
{
    /// <summary>Where <c>mcic2 dlq list</c> prints a partner: the hub's own routing, which nobody is sent anything by.</summary>
    public const string QueueId = "mcic2.routing";

    /// <summary>What the sender reads when the failure is the hub's, not its message's.</summary>
    public const string KeptForAnOperator = "the hub could not process it; it is kept for an operator, who can replay it";

    /// <summary>A failure of the processor that retrying cannot fix: a refusal keeps its code and its problems (our
    /// words, the partner's paths); anything else is 500 DEAD_LETTER_QUEUED, its exception for the operator only.</summary>
    /// <remarks>Exception text can quote the very character that failed (a NUL): it is made printable, as neither a
    /// database column nor an XML reply could keep it.</remarks>
    public static ProcessingFailure FailureOf(Exception failure) => failure switch
    {
        MessageRejectedException rejected => Refusal(rejected),
        _ => new(HubErrorCode.DeadLetterQueued, KeptForAnOperator, $"not processed: {failure.GetType().Name}: {UncarriableText.Printable(failure.Message)}"),
    };

    /// <summary>A message the bus dead-lettered (out of retries, a failure the processor could not record, or left by
    /// an earlier version of the hub): 500 DEAD_LETTER_QUEUED.</summary>
    public static ProcessingFailure FailureOfBusDeadLetter(string? exceptionType, string? exceptionMessage) =>
        new(HubErrorCode.DeadLetterQueued, KeptForAnOperator,
            $"not processed (bus dead letter): {exceptionType?.Split('.')[^1] ?? "unknown failure"}: {UncarriableText.Printable(exceptionMessage ?? "")}");

    private static ProcessingFailure Refusal(MessageRejectedException rejected)
    {
        var problems = UncarriableText.Printable(string.Join("; ", rejected.Problems));
        return new(rejected.Code, problems, $"not processed: {(int)rejected.Code} {rejected.Code.StatusString()}: {problems}");
    }
}

/// <summary>Why a message was not processed: the code and cause its sender is told, the error the operator sees
/// (its failure group: up to its second colon, e.g. <c>not processed: ArgumentException</c>).</summary>
public sealed record ProcessingFailure(HubErrorCode Code, string Cause, string Error);
