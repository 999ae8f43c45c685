using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Reads a CISU message in either encoding into its logical JSON form. The encoding is told by the first
/// character after an optional UTF-8 byte order mark and whitespace: <c>{</c> is JSON, <c>&lt;</c> is XML.
/// Refusals are <see cref="MessageRejectedException"/>s carrying Hub Santé codes (102 unreadable, 300 invalid,
/// no known use case included).
/// </summary>
public sealed class CisuReader
{
    public CisuDocument Read(ReadOnlySpan<byte> input)
    {
        if (input.Length > CisuBounds.MaxInputBytes)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$",
                $"message of {input.Length} bytes exceeds the {CisuBounds.MaxInputBytes} bytes accepted");
        var body = input.StartsWith("\uFEFF"u8) ? input[3..] : input;
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 ? throw Unrecognised("empty message")
            : body[start] == (byte)'{' ? JsonMessageReader.Read(body)
            : body[start] == (byte)'<' ? XmlMessageReader.Read(input.ToArray())
            : throw Unrecognised($"neither JSON nor XML: starts with byte 0x{body[start]:X2} at offset {start}");
    }

    private static MessageRejectedException Unrecognised(string message) =>
        new(HubErrorCode.UnrecognizedMessageFormat, "$", message);
}
