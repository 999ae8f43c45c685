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

    /// <summary>A case creation (JSON) for <paramref name="caseId"/>, expiring at <paramref name="expires"/> (default: far future).</summary>
    public static byte[] CaseCreation(string caseId, string distributionId, DateTimeOffset? expires = null)
    {
        var root = JsonNode.Parse(Template)!.AsObject();
        root["distributionID"] = distributionId;
        if (expires is { } at) root["dateTimeExpires"] = at.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var message = root["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!;
        message["messageId"] = distributionId;
        message["createCase"]!["caseId"] = caseId;
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public static byte[] CaseCreationXml() => File.ReadAllBytes(Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml")));

    /// <summary>The payload alone, without its EDXL-DE envelope.</summary>
    public static byte[] BarePayload() => File.ReadAllBytes(Corpus.FullPath(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json")));

    public static string DistributionIdOfXml() =>
        XDocument.Load(Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml"))).Descendants().First(e => e.Name.LocalName == "distributionID").Value;
}
