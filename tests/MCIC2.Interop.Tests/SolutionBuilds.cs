namespace MCIC2.Interop.Tests;

[TestClass]
public sealed class SolutionBuilds
{
    [TestMethod]
    public void Corpus_is_copied_beside_the_tests()
    {
        Assert.IsTrue(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "Corpus", "examples", "RC-EDA")));
    }
}
