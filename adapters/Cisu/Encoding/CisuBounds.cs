using System.Collections.Frozen;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>Bounds on what the reader accepts, so a hostile message cannot exhaust memory or the stack, nor carry a
/// value the hub could accept but never deliver. The official schemas bound no length: these are the hub's.</summary>
public static class CisuBounds
{
    /// <summary>Largest accepted message, in bytes (the Hub Santé messages are a few kilobytes).</summary>
    public const int MaxInputBytes = 4 * 1024 * 1024;

    /// <summary>Deepest accepted nesting of JSON objects/arrays or XML elements.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest identifier, in UTF-8 bytes. Ids travel in transport headers: the delivery id
    /// <c>distributionID@partner</c> (+ <c>.backup</c>, <c>.replay-N</c>) is the AMQP message-id, an AMQP short string of
    /// at most 255 bytes, and HTTP's <c>X-Distribution-Id</c>; they are also the keys of the hub's tables. The
    /// corpus's longest is 52.</summary>
    public const int MaxIdBytes = 128;

    /// <summary>Longest string of any other kind, in UTF-8 bytes (free text included; the corpus's longest is 244).</summary>
    public const int MaxTextBytes = 64 * 1024;

    /// <summary>The properties that hold identifiers, bounded by <see cref="MaxIdBytes"/> wherever a schema types them:
    /// the envelope's and RC-DE header's ids and addresses, and the ids the hub files incidents and replies under. Not
    /// <c>URI</c>: an attachment's is a URL, as long as its server makes it (the header's is checked against
    /// <c>senderID</c>).</summary>
    public static FrozenSet<string> IdProperties { get; } = FrozenSet.ToFrozenSet(
        ["distributionID", "senderID", "explicitAddressValue", "messageId",
         "caseId", "senderCaseId", "MAIN_EVENT_ID", "ID", "referencedDistributionID"], StringComparer.Ordinal);
}
