using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.CanonicalModel.Serialization;

/// <summary>The canonical model as JSON: what <c>mcic2 convert --to canonical</c> prints and reads back.</summary>
public static class CanonicalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        RespectNullableAnnotations = true,
    };

    public static string Write(CanonicalMessage message) => JsonSerializer.Serialize(message, Options);

    public static CanonicalMessage Read(string json) =>
        JsonSerializer.Deserialize<CanonicalMessage>(json, Options) ?? throw new JsonException("canonical message is null");

    /// <summary>The canonical message in <paramref name="utf8"/>, or null when it is not canonical JSON (e.g. CISU).</summary>
    public static CanonicalMessage? TryRead(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        JsonDocument document;
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var parsed)) return null;
            document = parsed;
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            try
            {
                if (!LooksCanonical(document.RootElement)) return null;
                return document.RootElement.Deserialize<CanonicalMessage>(Options);
            }
            catch (JsonException e)
            {
                throw new MessageRejectedException(HubErrorCode.MessageConversionError, e.Path ?? "$", $"not a valid canonical message: {e.Message}");
            }
            catch (InvalidOperationException)
            {
                // A name or string that is not Unicode text (an unpaired surrogate escape) fails only when read, and
                // without its place: the CISU reader, which scans every string first, refuses it with its path and code.
                return null;
            }
        }
    }

    /// <summary>True when the document looks like a canonical message rather than a CISU message.</summary>
    public static bool LooksCanonical(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("family", out _) &&
        (root.TryGetProperty("incident", out _) || root.TryGetProperty("acknowledgement", out _) ||
         root.TryGetProperty("error", out _) || root.TryGetProperty("positions", out _) ||
         root.TryGetProperty("positionRequest", out _) || root.TryGetProperty("resourceDescriptions", out _));
}
