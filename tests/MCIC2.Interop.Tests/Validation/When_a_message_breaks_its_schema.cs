using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

/// <summary>Every <c>sample/failing</c> message is refused with Hub Santé's code, where the original Java validator
/// (its <c>.errors</c> file) refused it.</summary>
[TestClass]
public sealed class When_a_message_breaks_its_schema
{
    public static IEnumerable<object[]> FailingSamples => Corpus.Files(Path.Combine("sample", "failing"), ".json", ".xml");

    [TestMethod]
    [DynamicData(nameof(FailingSamples))]
    public void Each_problem_has_the_reference_code_and_is_where_the_reference_validator_found_one(string file) =>
        ReferenceErrors.AssertSameProblems(file, Corpus.ValidateSample(file));
}
