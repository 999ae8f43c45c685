using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Tests.Support;

/// <summary>A message a hostile or buggy partner sends, the code it must be refused with and where the problem is
/// (the start of the path: XML problems add the element path and line).</summary>
public sealed record HostileMessage(string Name, byte[] Body, HubErrorCode Code, string Path);

/// <summary>
/// The inputs of issue 7 that answered 500 (HTTP) or printed a stack trace (CLI): the fire case as a partner sends it,
/// enveloped, with one value made unreadable or out of bounds — in JSON and in XML. Every test of the codec, the
/// intake, the HTTP endpoints and the CLI takes its rows from here, so each channel meets the same inputs.
/// </summary>
public static class HostileMessages
{
    public const string Sender = "fr.fire.sdis35";
    private const string CasePath = "$.content[0].jsonContent.embeddedJsonContent.message.createCase";
    private const string CityPath = CasePath + ".location.city.name";
    private const string LatPath = CasePath + ".location.geometry.point.coord.lat";
    private const string SourcePath = "$.content[0].jsonContent.embeddedJsonContent.message.error.sourceMessage";

    /// <summary>The rows for <c>[DynamicData]</c>: the name of each message.</summary>
    public static IEnumerable<object[]> Names => All(TestClock.Now()).Select(m => new object[] { m.Name });

    /// <summary>The message of that name, dated <paramref name="sentAt"/> (the clock of the hub it is sent to).</summary>
    public static HostileMessage Named(string name, DateTimeOffset sentAt) => All(sentAt).Single(m => m.Name == name);

    public static IEnumerable<HostileMessage> All(DateTimeOffset sentAt)
    {
        var json = Case(sentAt, CisuEncoding.Json);
        var xml = Case(sentAt, CisuEncoding.Xml);
        var error = ErrorReport(sentAt);
        yield return new("JSON string with invalid UTF-8", Replace(json, "\"Guichen\"", "\"Gui\u00ff\u00fechen\""), HubErrorCode.UnrecognizedMessageFormat, CityPath);
        yield return new("JSON string with a lone surrogate", Replace(json, "\"Guichen\"", "\"Gui\\ud800chen\""), HubErrorCode.UnrecognizedMessageFormat, CityPath);
        yield return new("JSON property name with invalid UTF-8", Replace(json, "\"inseeCode\"", "\"insee\u00c3Code\""), HubErrorCode.UnrecognizedMessageFormat, CasePath + ".location.city");
        yield return new("JSON number 1e999", Replace(json, "47.9657986", "1e999"), HubErrorCode.InvalidMessage, LatPath);
        yield return new("JSON number 0.1e400", Replace(json, "47.9657986", "0.1e400"), HubErrorCode.InvalidMessage, LatPath);
        // 25 digits: libxml2, the parser of many XML partners, reads at most 24 in an xs:decimal (found by the fuzz campaign's second opinion)
        yield return new("JSON number of 25 digits", Replace(json, "47.9657986", "47.99999999999999999999999"), HubErrorCode.InvalidMessage, LatPath);
        yield return new("JSON integer beyond 32 bits", Replace(json, "4242", "4294967296"), HubErrorCode.InvalidMessage, CasePath + ".initialAlert.attachment[0].size");
        yield return new("JSON sourceMessage with invalid UTF-8", Replace(error, "\"unknown_value\"", "\"unknown\u00ffvalue\""), HubErrorCode.UnrecognizedMessageFormat, SourcePath);
        yield return new("JSON sourceMessage with a lone surrogate", Replace(error, "\"unknown_value\"", "\"\\udfff\""), HubErrorCode.UnrecognizedMessageFormat, SourcePath);
        yield return new("JSON sourceMessage with 1e999", Replace(error, "\"unknown_value\"", "1e999"), HubErrorCode.InvalidMessage, SourcePath);
        yield return new("XML text with invalid UTF-8", Replace(xml, ">Guichen<", ">Gui\u00ff\u00fechen<"), HubErrorCode.UnrecognizedMessageFormat, "$");
        yield return new("XML character reference to a surrogate", Replace(xml, ">Guichen<", ">Gui&#xD800;chen<"), HubErrorCode.UnrecognizedMessageFormat, "$");
        yield return new("XML control character", Replace(xml, ">Guichen<", ">Gui\u0001chen<"), HubErrorCode.UnrecognizedMessageFormat, "$");
        yield return new("XML unknown encoding", Replace(xml, "encoding=\"UTF-8\"", "encoding=\"x-unknown-42\""), HubErrorCode.UnrecognizedMessageFormat, "$");
        yield return new("XML number 1e999", Replace(xml, "47.9657986", "1e999"), HubErrorCode.InvalidMessage, "/edxlDistribution");
        yield return new("XML number of 25 digits", Replace(xml, "47.9657986", "47.99999999999999999999999"), HubErrorCode.InvalidMessage, LatPath);
        yield return new("XML integer beyond 32 bits", Replace(xml, ">4242<", ">4294967296<"), HubErrorCode.InvalidMessage, "/edxlDistribution");
    }

    /// <summary>The fire case from <see cref="Sender"/>, with an attachment of size 4242 (the case's one integer).</summary>
    private static byte[] Case(DateTimeOffset sentAt, CisuEncoding encoding)
    {
        var json = JsonNode.Parse(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, $"{Sender}_HOSTILE-1", sentAt))!;
        json["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["createCase"]!["initialAlert"]!["attachment"] =
            new JsonArray(new JsonObject { ["URI"] = "https://sdis35.example/photo.jpg", ["size"] = 4242 });
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        return encoding == CisuEncoding.Json ? bytes : CisuCodec.Shared.Encode(CisuCodec.Shared.Decode(bytes).Message, CisuEncoding.Xml);
    }

    /// <summary>The RS-ERROR example (its sourceMessage quotes a message with <c>"unknown_property": "unknown_value"</c>) as the sender's report.</summary>
    private static byte[] ErrorReport(DateTimeOffset sentAt) =>
        PartnerMessages.Bytes("examples/RS-ERROR/RS-ERROR.json", Sender, $"{Sender}_HOSTILE-2", sentAt, kind: "Error");

    /// <summary>Replaces every occurrence; the replacement's characters (all below U+0100) are taken as the bytes they
    /// number, so that it can hold bytes that are not UTF-8.</summary>
    private static byte[] Replace(byte[] message, string value, string replacement)
    {
        var from = Encoding.UTF8.GetBytes(value);
        var to = Encoding.Latin1.GetBytes(replacement);
        var result = new MemoryStream();
        var rest = message.AsSpan();
        if (rest.IndexOf(from) < 0) throw new ArgumentException($"'{value}' is not in the message", nameof(value));
        while (rest.IndexOf(from) is var at and >= 0)
        {
            result.Write(rest[..at]);
            result.Write(to);
            rest = rest[(at + from.Length)..];
        }
        result.Write(rest);
        return result.ToArray();
    }
}
