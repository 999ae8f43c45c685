using System.Diagnostics;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

/// <summary>The official caseId pattern backtracks exponentially on a backtracking engine: a hostile value must cost milliseconds.</summary>
[TestClass]
public sealed class When_a_caseId_is_adversarial
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(2);

    public static IEnumerable<object[]> HostileCaseIds =>
    [
        [new string('a', 10_000) + "!"],
        [string.Concat(Enumerable.Repeat("a.", 5_000)) + "!"],
        [string.Concat(Enumerable.Repeat("aaaaaaaaa.", 1_000)) + " "],
    ];

    [TestMethod]
    [DynamicData(nameof(HostileCaseIds))]
    public void a_json_envelope_rejects_it_quickly_at_its_path(string caseId)
    {
        var message = Corpus.ReadJson(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.json"));
        message["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["createCase"]!["caseId"] = caseId;

        var (problems, elapsed) = Timed(() => JsonSchemaValidator.Shared.ValidateEnvelope(message));

        Assert.IsLessThan(Generous, elapsed);
        var problem = Assert.ContainsSingle(problems);
        Assert.AreEqual(new Problem(HubErrorCode.InvalidMessage, "$.content[0].jsonContent.embeddedJsonContent.message.createCase.caseId",
            @"does not match the regex pattern ^([a-zA-Z0-9_-]+\.?){4,10}$"), problem);
    }

    [TestMethod]
    [DynamicData(nameof(HostileCaseIds))]
    public void an_xml_payload_rejects_it_quickly_at_its_path(string caseId)
    {
        var payload = Corpus.ReadXml(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.xml"));
        payload.Root!.Element(payload.Root.Name.Namespace + "caseId")!.Value = caseId;

        var (problems, elapsed) = Timed(() => XsdValidator.Shared.ValidatePayload(payload, "RC-EDA.xsd"));

        Assert.IsLessThan(Generous, elapsed);
        var problem = Assert.ContainsSingle(problems);
        StringAssert.StartsWith(problem.Path, "/createCase/caseId (line 3, col 4)");
        Assert.IsLessThan(200, problem.Message.Length, "the hostile value is not copied whole into the problem");
    }

    [TestMethod]
    public void an_xml_envelope_rejects_it_at_its_full_path()
    {
        var message = Corpus.ReadXml(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.xml"));
        XNamespace cisu = XsdValidator.CisuMessageNamespace;
        message.Descendants(cisu + "caseId").First().Value = new string('a', 10_000) + "!";

        var problem = Assert.ContainsSingle(XsdValidator.Shared.ValidateEnvelope(message));

        StringAssert.StartsWith(problem.Path, "/edxlDistribution/content/contentObject/contentXML/embeddedXMLContent/message/createCase/caseId (line ");
    }

    private static (IReadOnlyList<Problem> Problems, TimeSpan Elapsed) Timed(Func<IReadOnlyList<Problem>> validate)
    {
        validate(); // schemas load once, outside the measure
        var watch = Stopwatch.StartNew();
        var problems = validate();
        return (problems, watch.Elapsed);
    }
}
