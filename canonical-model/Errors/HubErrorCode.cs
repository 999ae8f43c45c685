namespace MCIC2.Interop.CanonicalModel.Errors;

/// <summary>
/// The Hub Santé error codes (RS-ERROR <c>errorCode.statusCode</c>). The hub answers with these, unchanged,
/// so that SAMU, SDIS and CORG systems recognise every rejection.
/// </summary>
public enum HubErrorCode
{
    DeliveryModeInconsistency = 100,
    NotAllowedContentType = 101,
    UnrecognizedMessageFormat = 102,
    SenderInconsistency = 200,
    /// <summary>Any schema violation, a message whose use case cannot be recognised included: Hub Santé's validator
    /// says "could not detect any schemas in the message" and answers 300.</summary>
    InvalidMessage = 300,

    /// <summary>The hub has no schema for what was asked (a family it does not know, as Hub Santé answers for a
    /// schema version it does not know); never the answer to a message's own content, which is 300.</summary>
    SchemaNotFound = 301,
    ExpiredMessageBeforeRouting = 400,
    DeadLetterQueued = 500,
    UnroutableMessage = 501,
    MessageConversionError = 600,
    InternalClientError = 700,
    CaseAlreadyExists = 701,
    WrongMessageSequence = 702,
    UnknownSender = 703,
    InsufficientData = 704,
}

public static class HubErrorCodes
{
    /// <summary>The status string partners expect beside the number, e.g. <c>INVALID_MESSAGE</c>.</summary>
    public static string StatusString(this HubErrorCode code) => code switch
    {
        HubErrorCode.DeliveryModeInconsistency => "DELIVERY_MODE_INCONSISTENCY",
        HubErrorCode.NotAllowedContentType => "NOT_ALLOWED_CONTENT_TYPE",
        HubErrorCode.UnrecognizedMessageFormat => "UNRECOGNIZED_MESSAGE_FORMAT",
        HubErrorCode.SenderInconsistency => "SENDER_INCONSISTENCY",
        HubErrorCode.InvalidMessage => "INVALID_MESSAGE",
        HubErrorCode.SchemaNotFound => "SCHEMA_NOT_FOUND",
        HubErrorCode.ExpiredMessageBeforeRouting => "EXPIRED_MESSAGE_BEFORE_ROUTING",
        HubErrorCode.DeadLetterQueued => "DEAD_LETTER_QUEUED",
        HubErrorCode.UnroutableMessage => "UNROUTABLE_MESSAGE",
        HubErrorCode.MessageConversionError => "MESSAGE_CONVERSION_ERROR",
        HubErrorCode.InternalClientError => "INTERNAL_CLIENT_ERROR",
        HubErrorCode.CaseAlreadyExists => "CASE_ALREADY_EXISTS",
        HubErrorCode.WrongMessageSequence => "WRONG_MESSAGE_SEQUENCE",
        HubErrorCode.UnknownSender => "UNKNOWN_SENDER",
        HubErrorCode.InsufficientData => "INSUFFICIENT_DATA",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a Hub Santé error code"),
    };

    public static bool TryParse(string statusString, out HubErrorCode code)
    {
        foreach (var candidate in Enum.GetValues<HubErrorCode>())
        {
            if (candidate.StatusString() == statusString) { code = candidate; return true; }
        }
        code = default;
        return false;
    }
}

/// <summary>One problem found in a message: its code, where it is (a JSON path such as
/// <c>$.createCase.location.city.inseeCode</c>, or an XML path with line:column) and what is wrong.</summary>
public sealed record Problem(HubErrorCode Code, string Path, string Message)
{
    /// <summary>The one-line form the CLI prints: <c>CODE PATH MESSAGE</c>.</summary>
    public override string ToString() => $"{(int)Code} {Path} {Message}";
}

/// <summary>Thrown when a message is refused; carries every problem found, never only the first.</summary>
public sealed class MessageRejectedException(IReadOnlyList<Problem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<Problem> Problems { get; } = problems;

    public HubErrorCode Code => Problems.Count > 0 ? Problems[0].Code : HubErrorCode.InvalidMessage;

    public MessageRejectedException(HubErrorCode code, string path, string message)
        : this([new Problem(code, path, message)]) { }
}
