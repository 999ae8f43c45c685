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
