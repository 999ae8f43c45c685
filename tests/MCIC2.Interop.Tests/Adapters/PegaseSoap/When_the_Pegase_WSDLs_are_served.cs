using System.Text.RegularExpressions;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

/// <summary>The WSDLs shipped in docs/ are the ones the code serves (the address aside): a change of the contract
/// without its document fails here. <c>MCIC2_WRITE_WSDL=1</c> writes the served ones over the shipped ones.</summary>
[TestClass]
public sealed partial class When_the_Pegase_WSDLs_are_served
{
    [TestMethod]
    public async Task They_are_the_shipped_ones()
    {
        await using var bridge = await PegaseBridge.StartAsync();
        using var http = new HttpClient();

        await Compare(await http.GetStringAsync(new Uri(bridge.Passerelle + "?wsdl")), "pegase-passerelle.wsdl");
        await Compare(await http.GetStringAsync(new Uri(bridge.Pegase.ServiceAddress + "?wsdl")), "service-pegase.wsdl");
    }

    private static async Task Compare(string served, string name)
    {
        var normalised = Address().Replace(served, "http://HOST:PORT/").ReplaceLineEndings("\n");
        var shipped = Path.Combine(RepositoryRoot(), "docs", name);
        if (Environment.GetEnvironmentVariable("MCIC2_WRITE_WSDL") == "1") await File.WriteAllTextAsync(shipped, normalised);
        Assert.AreEqual((await File.ReadAllTextAsync(shipped)).ReplaceLineEndings("\n"), normalised, $"docs/{name} is not what the code serves");
    }

    /// <summary>The checkout the test runs from: the first parent of the test binaries holding the solution.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "MCIC2.Interop.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no MCIC2.Interop.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"https?://127\.0\.0\.1:[0-9]+/")]
    private static partial Regex Address();
}
