using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Encoding;

namespace MCIC2.Interop.Simulators.PeerHubEx.Dispatching;

/// <summary>The EDXL-DE fields the dispatcher decides on, read before any schema check as Hub Santé reads them: the
/// same names in JSON and XML. Missing fields are null (the schema check refuses them later, with its path).</summary>
public sealed record EnvelopeFields(CisuEncoding Encoding, string? SenderId, string? DistributionId, string? Kind, string? ExpiresAt, string? RecipientId, JsonObject? Json, XDocument? Xml)
{
    /// <summary>Null when <paramref name="body"/> is neither well-formed JSON nor well-formed XML.</summary>
    public static EnvelopeFields? Read(ReadOnlySpan<byte> body, CisuEncoding encoding)
    {
        try
        {
            return encoding == CisuEncoding.Json ? FromJson(body) : FromXml(body);
        }
        catch (Exception e) when (e is JsonException or XmlException)
        {
            return null;
        }
    }

    private static EnvelopeFields FromJson(ReadOnlySpan<byte> body)
    {
        var root = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return new EnvelopeFields(CisuEncoding.Json, Text(root["senderID"]), Text(root["distributionID"]), Text(root["distributionKind"]),
            Text(root["dateTimeExpires"]), Text(root["descriptor"]?["explicitAddress"]?["explicitAddressValue"]), root, null);
    }

    private static EnvelopeFields FromXml(ReadOnlySpan<byte> body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(body.ToArray()), settings);
        var document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        var root = document.Root ?? throw new XmlException("no root element");
        static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        string? Text(XElement? parent, string name) => Child(parent, name)?.Value;
        var address = Child(Child(root, "descriptor"), "explicitAddress");
        return new EnvelopeFields(CisuEncoding.Xml, Text(root, "senderID"), Text(root, "distributionID"), Text(root, "distributionKind"),
            Text(root, "dateTimeExpires"), Text(address, "explicitAddressValue"), null, document);
    }
}
