using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Serialization;

namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// What a recipient's encoding or transport cannot carry, found at intake (<see cref="MessageIntake"/>) rather than on
/// the message's way to a recipient, where it would fail after the sender was told "accepted".
/// </summary>
public static class UncarriableText
{
    /// <summary>Visible ASCII only: what every header of HTTP (field values) and AMQP (short strings) carries unchanged.</summary>
    public static bool CanTravelInHeader(string id) => id.All(c => c is > ' ' and < '\u007F');

    /// <summary>Every string of a JSON body that holds a character XML 1.0 has not, with its path.</summary>
    public static IReadOnlyList<Problem> InJson(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return []; // the format read it, so it is not JSON: its reader had its own rules
        }
        var problems = new List<Problem>();
        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject members:
                    // Names are the schemas' (which refuse any other): only values need a look.
                    foreach (var (_, value) in members) Visit(value);
                    break;
                case JsonArray items:
                    foreach (var item in items) Visit(item);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    if (FirstCharacterXmlCannotCarry(value.GetValue<string>()) is { } inValue) problems.Add(Uncarried(value.GetPath(), inValue));
                    break;
            }
        }
        try
        {
            Visit(root);
        }
        catch (InvalidOperationException)
        {
            // a \uD800 escape alone: JSON text that is no character at all
            problems.Add(Uncarried("$", "an unpaired surrogate"));
        }
        return problems;
    }

    private static Problem Uncarried(string path, string what) =>
        new(HubErrorCode.InvalidMessage, path, $"{what} cannot be sent: XML 1.0, in which partners receive messages, has no such character");

    /// <summary>The first character XML 1.0 has not (e.g. <c>U+0000</c>), or null when it has them all.</summary>
    private static string? FirstCharacterXmlCannotCarry(string text) =>
        XmlCharacters.FirstUncarriable(text) is var at and >= 0 ? $"U+{(int)text[at]:X4}" : null;

    /// <summary>The text with every character XML 1.0 has not replaced by '?', to quote it back in an error.</summary>
    public static string Printable(string text)
    {
        var printable = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        for (var at = XmlCharacters.FirstUncarriable(text); at >= 0; at = XmlCharacters.FirstUncarriable(rest.ToString()))
        {
            printable.Append(rest[..at]).Append('?');
            rest = rest[(at + 1)..];
        }
        return printable.Append(rest).ToString();
    }
}
