using System.Text;
using System.Text.Json;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;

namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>The hub's own canonical JSON (<c>canonical-json</c>): what the incident-change feed carries to other MCIC2 modules.</summary>
public sealed class CanonicalJsonFormat : IMessageFormat
{
    public const string FormatName = "canonical-json";

    /// <summary>The same bounds as the CISU reader's: a hostile input cannot exhaust memory or the stack.</summary>
    public const int MaxInputBytes = 4 * 1024 * 1024;
    public const int MaxDepth = 64;

    public static CanonicalJsonFormat Instance { get; } = new();

    public string Name => FormatName;

    /// <summary>Not <c>application/json</c>: a canonical message posted to the intake must not pass for a CISU one.</summary>
    public string ContentType => "application/vnd.mcic2.canonical+json";

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > MaxInputBytes)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$", $"message larger than {MaxInputBytes} bytes");
        try
        {
            var reader = new Utf8JsonReader(bytes.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
            return JsonSerializer.Deserialize<CanonicalMessage>(ref reader, CanonicalJson.Options)
                ?? throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$", "not canonical JSON: null");
        }
        catch (JsonException e)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, e.Path ?? "$",
                $"not canonical JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message.Split(". Path:")[0]}");
        }
    }

    public byte[] Encode(CanonicalMessage message, string family) => Encoding.UTF8.GetBytes(CanonicalJson.Write(message));
}
