using System.Text.Json.Nodes;
using System.Xml.Linq;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>Valid EDXL-DE messages made from the corpus's RC-EDA sample, with the ids a test needs.</summary>
public static class PipelineMessages
{
    private static readonly string Template = File.ReadAllText(Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.json")));

    public static string CaseId(int incident) => $"fr.health.samu690.DRFR1569024{incident:D7}";

    public static string DistributionId(int incident, int sequence) => $"fr.health.samuA_{incident:D4}-{sequence:D4}-{Guid.NewGuid():N}";

    /// <summary>A case creation (JSON) for <paramref name="caseId"/>, sent at <paramref name="sentAt"/> (default: the
    /// hubs' clock, <see cref="TestClock.Now"/>; a hub on a fake clock needs its time) and expiring at
    /// <paramref name="expires"/> (default: a day later). The intake refuses a message sent far from its clock.</summary>
    public static byte[] CaseCreation(string caseId, string distributionId, DateTimeOffset? expires = null, DateTimeOffset? sentAt = null)
    {
        var sent = sentAt ?? TestClock.Now();
        var root = JsonNode.Parse(Template)!.AsObject();
        root["distributionID"] = distributionId;
        root["dateTimeSent"] = Time(sent);
        root["dateTimeExpires"] = Time(expires ?? sent.AddDays(1));
        var message = root["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!;
        message["messageId"] = distributionId;
        message["sentAt"] = Time(sent);
        message["createCase"]!["caseId"] = caseId;
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The sample's XML case, its sending times and expiry dated as <see cref="CaseCreation"/> dates them.</summary>
    public static byte[] CaseCreationXml(DateTimeOffset? sentAt = null)
    {
        var sent = sentAt ?? TestClock.Now();
        var xml = File.ReadAllText(Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml")))
            .Replace("<dateTimeSent>2022-07-25T10:04:34+01:00<", $"<dateTimeSent>{Time(sent)}<", StringComparison.Ordinal)
            .Replace("<sentAt>2022-07-25T10:04:34+01:00<", $"<sentAt>{Time(sent)}<", StringComparison.Ordinal)
            .Replace("<dateTimeExpires>2072-07-25T10:04:34+01:00<", $"<dateTimeExpires>{Time(sent.AddDays(1))}<", StringComparison.Ordinal);
        return System.Text.Encoding.UTF8.GetBytes(xml);
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The payload alone, without its EDXL-DE envelope.</summary>
    public static byte[] BarePayload() => File.ReadAllBytes(Corpus.FullPath(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json")));

    public static string DistributionIdOfXml() =>
        XDocument.Load(Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml"))).Descendants().First(e => e.Name.LocalName == "distributionID").Value;
}
