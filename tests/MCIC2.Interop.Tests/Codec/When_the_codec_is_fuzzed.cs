using MCIC2.Interop.Fuzz;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Codec;

/// <summary>
/// A short run of the fuzz campaign (tests/MCIC2.Interop.Fuzz, figures of the long runs in docs/reliability.md): mutants of
/// the official examples and valid samples through the codec. Deterministic (a fixed seed): a defect found here is the
/// same on every run, and stays a regression test once fixed. Time is reported, not asserted.
/// </summary>
[TestClass]
public sealed class When_the_codec_is_fuzzed
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("CISU JSON", ".json")]
    [DataRow("CISU XML", ".xml")]
    public void Every_mutant_is_accepted_or_refused_with_a_code_and_a_path_never_crashes(string parser, string extension)
    {
        var seeds = Campaign.Seeds(Corpus.Root, extension);
        Assert.IsGreaterThan(10, seeds.Count, "the corpus gives the campaign its seeds");

        var figures = Campaign.Run(parser, seeds, inputs: 1500, seed: 20261202);

        TestContext.WriteLine(figures.ToString());
        Assert.IsGreaterThan(0, figures.Accepted, "some mutants stay valid (a whitespace flip, a duplicated line of an array)");
        Assert.IsGreaterThan(0, figures.Refused);
        Assert.IsEmpty(figures.Defects, string.Join(Environment.NewLine, figures.Defects.Take(10).Select(d => $"{d.Kind} of {d.Seed}: {d.Problem}")));
    }

    /// <summary>
    /// What the hub accepted, validators nobody here wrote accept too: Python's jsonschema against the official JSON
    /// schemas, xmllint against the official XSDs (both installed by the test command).
    /// </summary>
    [TestMethod]
    [DataRow(".json")]
    [DataRow(".xml")]
    public void Every_mutant_the_hub_accepts_is_valid_for_an_independent_validator(string extension)
    {
        var seeds = Campaign.Seeds(Corpus.Root, extension);
        var figures = Campaign.Run(extension, seeds, inputs: 1500, seed: 20261202);
        Assert.IsGreaterThan(50, figures.Accepted, "enough accepted mutants to ask about");

        var disagreements = SecondOpinion.On(extension, figures.AcceptedInputs, seeds);

        TestContext.WriteLine($"{figures.Accepted} accepted, {disagreements.Count} refused by the second opinion");
        Assert.IsEmpty(disagreements, string.Join(Environment.NewLine, disagreements.Take(10).Select(d => $"{d.Kind} of {d.Seed}: {d.Problem}")));
    }

    /// <summary>The independent validators do refuse: a mutant the hub would wrongly accept would be caught.</summary>
    [TestMethod]
    public void The_second_opinion_refuses_what_the_schemas_forbid()
    {
        var json = Corpus.Bytes("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json");
        var xml = Corpus.Bytes("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.xml");
        var seed = "examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.xml";
        var badJson = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(json).Replace("\"caseId\"", "\"caseIdentifier\"", StringComparison.Ordinal));
        var badXml = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(xml).Replace("caseId>", "caseIdentifier>", StringComparison.Ordinal));

        var onJson = SecondOpinion.OnJson([new FuzzInput("test", "RC-EDA", json), new FuzzInput("test", "RC-EDA", badJson)]);
        var onXml = SecondOpinion.OnXml([new FuzzInput("test", seed, xml), new FuzzInput("test", seed, badXml)], [(seed, xml)]);

        Assert.AreSame(badJson, onJson.Single().Input, string.Join("; ", onJson.Select(d => d.Problem)));
        Assert.AreSame(badXml, onXml.Single().Input, string.Join("; ", onXml.Select(d => d.Problem)));
        StringAssert.Contains(onXml.Single().Problem, "RC-EDA.xsd");
    }

    /// <summary>Found by the second opinion: .NET's reader took <c>version="1.0.1e400"</c>, libxml2 refuses it.</summary>
    [TestMethod]
    public void An_XML_declaration_with_a_version_that_is_not_XML_1_0_is_refused_as_malformed()
    {
        var xml = System.Text.Encoding.UTF8.GetString(Corpus.Bytes("examples/GEO-POS/CU2_Geolocation_01.xml"));
        Assert.IsTrue(xml.StartsWith("<?xml version=\"1.0\"", StringComparison.Ordinal));
        MCIC2.Interop.Adapters.Cisu.CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(xml));

        var refused = Assert.ThrowsExactly<MCIC2.Interop.CanonicalModel.Errors.MessageRejectedException>(
            () => MCIC2.Interop.Adapters.Cisu.CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(xml.Replace("version=\"1.0\"", "version=\"1.0.1e400\"", StringComparison.Ordinal))));

        Assert.AreEqual(MCIC2.Interop.CanonicalModel.Errors.HubErrorCode.UnrecognizedMessageFormat, refused.Code);
        Assert.AreEqual("$", refused.Problems.Single().Path);
        StringAssert.Contains(refused.Problems.Single().Message, "'1.0.1e400'");
    }

    /// <summary>Found by the campaign: the depth refusal went on to the XSDs for an explanation, a minute at 20,000 levels.</summary>
    [TestMethod]
    public void XML_nested_beyond_the_bound_is_refused_for_its_depth_not_explained_by_the_XSDs()
    {
        var xml = System.Text.Encoding.UTF8.GetString(Corpus.Bytes("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.xml"));
        var at = xml.IndexOf("<caseId>", StringComparison.Ordinal);
        var deep = xml.Insert(at, string.Concat(Enumerable.Repeat("<a>", 20_000)) + string.Concat(Enumerable.Repeat("</a>", 20_000)));

        var refused = Assert.ThrowsExactly<MCIC2.Interop.CanonicalModel.Errors.MessageRejectedException>(
            () => MCIC2.Interop.Adapters.Cisu.CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(deep)));

        Assert.AreEqual("$", refused.Problems.Single().Path);
        StringAssert.Contains(refused.Problems.Single().Message, "nesting deeper than 64 levels");
    }
}
