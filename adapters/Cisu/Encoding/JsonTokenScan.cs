using System.Text.Json;
using System.Text.Unicode;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Walks the tokens of a JSON text without building anything, so that what System.Text.Json accepts at first and fails
/// on later is refused here, cheaply, with its path: malformed text, nesting beyond <see cref="CisuBounds.MaxDepth"/>,
/// a property twice in one object, and strings that are not Unicode text — invalid UTF-8 bytes, an unpaired surrogate
/// escape (<c>"\ud800"</c>). The reader checks none of the last inside strings: they failed only when a string was read
/// (InvalidOperationException), deep in validation or mapping, which answered 500. Numbers are bounded later
/// (<see cref="SchemaOrderedCopy"/>), where their schema type is known.
/// </summary>
internal static class JsonTokenScan
{
    public static void Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var path = new List<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var container = path[^1];
                        container.Name = null; // a name that is not text is reported at its object
                        var name = Text(ref reader, path, "a property name");
                        if (!container.Names!.Add(name))
                            throw new MessageRejectedException(HubErrorCode.InvalidMessage, JsonPath.Member(PathOf(path), name),
                                $"the property appears twice in its object, which makes its value ambiguous (at byte {reader.TokenStartIndex})");
                        container.Name = name;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                }
                if (path.Count > 0 && path[^1].Names is null) path[^1].Index++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= CisuBounds.MaxDepth)
                            throw new MessageRejectedException(HubErrorCode.InvalidMessage, PathOf(path),
                                $"nesting deeper than {CisuBounds.MaxDepth} levels (at byte {reader.TokenStartIndex})");
                        path.Add(new Container(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.String:
                        Text(ref reader, path, "the string");
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, PathOf(path), $"malformed JSON{Position(e)}: {Reason(e)}");
        }
    }

    public static string Position(JsonException e) =>
        e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";

    /// <summary>What a JsonException says of the text, without the position and path it appends (given separately).</summary>
    private static string Reason(JsonException e) => e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd(' ', '|');

    /// <summary>The string the reader is on, once known to be Unicode text (102 otherwise: the bytes are not JSON text).</summary>
    private static string Text(ref Utf8JsonReader reader, List<Container> path, string what)
    {
        var at = reader.TokenStartIndex;
        if (!reader.ValueIsEscaped && !Utf8.IsValid(reader.ValueSpan))
            throw NotText(path, $"{what} is not valid UTF-8 (at byte {at})");
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Only a string with escapes gets here: \ud800 without its pair, or invalid UTF-8 beside an escape.
            throw NotText(path, $"{what} is not Unicode text: an unpaired surrogate escape or invalid UTF-8 (at byte {at})");
        }
    }

    private static MessageRejectedException NotText(List<Container> path, string message) =>
        new(HubErrorCode.UnrecognizedMessageFormat, PathOf(path), message);

    private static string PathOf(List<Container> path)
    {
        var text = JsonPath.Root;
        foreach (var container in path)
        {
            if (container.Names is null && container.Index >= 0) text = JsonPath.Index(text, container.Index);
            else if (container.Name is { } name) text = JsonPath.Member(text, name);
        }
        return text;
    }

    /// <summary>Where the scan is in one object (its current property, the names met) or array (its current index).</summary>
    private sealed class Container(bool isObject)
    {
        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? Name { get; set; }

        public int Index { get; set; } = -1;
    }
}
