using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;

namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>The hub's own canonical JSON (<c>canonical-json</c>): what the incident-change feed carries to other MCIC2 modules.</summary>
public sealed class CanonicalJsonFormat : IMessageFormat
{
    public const string FormatName = "canonical-json";

    public static CanonicalJsonFormat Instance { get; } = new();

    public string Name => FormatName;

    /// <summary>Not <c>application/json</c>: a canonical message posted to the intake must not pass for a CISU one.</summary>
    public string ContentType => "application/vnd.mcic2.canonical+json";

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return CanonicalJson.Read(Encoding.UTF8.GetString(bytes.Span));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, e.Path ?? "$", $"not canonical JSON: {e.Message}");
        }
    }

    public byte[] Encode(CanonicalMessage message, string family) => Encoding.UTF8.GetBytes(CanonicalJson.Write(message));
}
