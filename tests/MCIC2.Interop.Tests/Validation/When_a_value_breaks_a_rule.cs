using System.Text.Json.Nodes;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.CanonicalModel.Errors;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

[TestClass]
public sealed class When_a_value_breaks_a_rule
{
    private static readonly string RcEdaExample = Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json");

    [TestMethod]
    public void an_unknown_enum_value_is_reported_at_its_path()
    {
        var payload = Corpus.ReadJson(RcEdaExample);
        payload["createCase"]!["qualification"]!["victims"]!["count"] = "ENORMEMENT";

        AssertSingleProblem(JsonSchemaValidator.Shared.ValidatePayload(payload),
            "$.createCase.qualification.victims.count", "does not have a value in the enumeration [");
    }

    [TestMethod]
    public void a_wrong_type_is_reported_at_its_path()
    {
        var payload = Corpus.ReadJson(RcEdaExample);
        payload["createCase"]!["referenceVersion"] = 2;

        Assert.AreEqual(new Problem(HubErrorCode.InvalidMessage, "$.createCase.referenceVersion", "integer found, string expected"),
            Assert.ContainsSingle(JsonSchemaValidator.Shared.ValidatePayload(payload)));
    }

    [TestMethod]
    [DataRow("2024-08-13T10:20:00Z", 1, DisplayName = "Z is refused by the CISU pattern")]
    [DataRow("2024-08-13T10:20:00", 2, DisplayName = "a missing offset breaks the format and the pattern")]
    [DataRow("2024-02-30T10:20:00+02:00", 1, DisplayName = "an impossible date breaks the format")]
    [DataRow("2024-08-13T10:20:00+02:00\n", 2, DisplayName = "a trailing newline is refused ($ is end of input)")]
    [DataRow("٢٠٢٤-08-13T10:20:00+02:00", 2, DisplayName = "non-ASCII digits are refused")]
    public void a_use_case_date_time_must_have_the_cisu_form(string creation, int problems)
    {
        var payload = Corpus.ReadJson(RcEdaExample);
        payload["createCase"]!["creation"] = creation;

        var found = JsonSchemaValidator.Shared.ValidatePayload(payload);

        Assert.HasCount(problems, found, string.Join(Environment.NewLine, found));
        Assert.IsTrue(found.All(p => p.Path == "$.createCase.creation"));
    }

    [TestMethod]
    public void an_envelope_date_time_needs_an_offset()
    {
        var message = Corpus.ReadJson(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.json"));
        message["dateTimeSent"] = "2022-07-25T10:04:34";

        Assert.AreEqual(new Problem(HubErrorCode.InvalidMessage, "$.dateTimeSent", "2022-07-25T10:04:34 is an invalid date-time"),
            Assert.ContainsSingle(JsonSchemaValidator.Shared.ValidateEnvelope(message)));
    }

    [TestMethod]
    public void a_message_without_use_case_is_reported_at_the_message()
    {
        var message = Corpus.ReadJson(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.json"));
        message["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!.AsObject().Remove("createCase");

        AssertSingleProblem(JsonSchemaValidator.Shared.ValidateEnvelope(message),
            "$.content[0].jsonContent.embeddedJsonContent.message", "no use case found in message");
    }

    [TestMethod]
    public void the_problems_reported_are_bounded()
    {
        var payload = Corpus.ReadJson(RcEdaExample);
        for (var i = 0; i < 500; i++) payload["createCase"]![$"unknown{i}"] = i;

        Assert.HasCount(JsonSchemaValidator.MaxProblems, JsonSchemaValidator.Shared.ValidatePayload(payload));
    }

    [TestMethod]
    public void an_unknown_xml_enum_value_is_reported_at_its_element_and_line()
    {
        var payload = Corpus.ReadXml(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.xml"));
        var ns = payload.Root!.Name.Namespace;
        payload.Root.Element(ns + "qualification")!.Element(ns + "victims")!.Element(ns + "count")!.Value = "ENORMEMENT";

        var problem = Assert.ContainsSingle(XsdValidator.Shared.ValidatePayload(payload));

        StringAssert.StartsWith(problem.Path, "/createCase/qualification/victims/count (line ");
        Assert.AreEqual(HubErrorCode.InvalidMessage, problem.Code);
    }

    [TestMethod]
    public void an_unknown_xml_root_is_a_schema_violation()
    {
        var problem = Assert.ContainsSingle(XsdValidator.Shared.Validate(XDocument.Parse("<somethingElse/>")));

        Assert.AreEqual((HubErrorCode.InvalidMessage, "/somethingElse"), (problem.Code, problem.Path));
    }

    [TestMethod]
    public void an_unknown_json_root_is_a_schema_violation() =>
        Assert.AreEqual(HubErrorCode.InvalidMessage,
            Assert.ContainsSingle(JsonSchemaValidator.Shared.ValidatePayload(new JsonObject { ["somethingElse"] = 1 })).Code);

    private static void AssertSingleProblem(IReadOnlyList<Problem> problems, string path, string messageStart)
    {
        var problem = Assert.ContainsSingle(problems, string.Join(Environment.NewLine, problems));
        Assert.AreEqual((HubErrorCode.InvalidMessage, path), (problem.Code, problem.Path));
        StringAssert.StartsWith(problem.Message, messageStart);
    }
}
