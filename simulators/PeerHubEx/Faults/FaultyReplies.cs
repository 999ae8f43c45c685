using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Simulators.PeerHubEx.Faults;

/// <summary>
/// Replies a faulty peer HubEx lets through to a client (<see cref="PeerHubExSimulator.InjectAsync"/>): each is what
/// its dispatcher would have refused (102, 300, 400), so a client must refuse it itself.
/// </summary>
public static class FaultyReplies
{
    /// <summary>Not well-formed bytes (a truncated XML document).</summary>
    public static byte[] Malformed { get; } = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><edxlDistribution><distributionID>truncated");

    /// <summary><paramref name="message"/> in JSON without its payload's required <paramref name="field"/> (e.g.
    /// <c>caseId</c> of an RC-EDA): well-formed, its envelope readable, its content against the schema.</summary>
    public static byte[] WithoutField(CanonicalMessage message, string field)
    {
        var json = JsonNode.Parse(CisuCodec.Shared.Encode(message, CisuEncoding.Json))!;
        if (!Remove(json, field)) throw new ArgumentException($"the message has no '{field}'", nameof(field));
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary><paramref name="message"/> expired <paramref name="ago"/> before <paramref name="now"/> (its
    /// <c>dateTimeExpires</c> in the past on arrival: the dispatcher refuses it 400 before routing).</summary>
    public static byte[] Expired(CanonicalMessage message, DateTimeOffset now, TimeSpan ago, CisuEncoding encoding = CisuEncoding.Json)
    {
        message.Distribution!.ExpiresAt = now - ago;
        if (message.Distribution.SentAt >= message.Distribution.ExpiresAt) message.Distribution.SentAt = now - ago - ago;
        return CisuCodec.Shared.Encode(message, encoding);
    }

    private static bool Remove(JsonNode node, string field)
    {
        switch (node)
        {
            case JsonObject obj when obj.ContainsKey(field):
                obj.Remove(field);
                return true;
            case JsonObject obj:
                return obj.Select(p => p.Value).OfType<JsonNode>().ToList().Any(child => Remove(child, field));
            case JsonArray array:
                return array.OfType<JsonNode>().ToList().Any(child => Remove(child, field));
            default:
                return false;
        }
    }
}
