using System.Diagnostics;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Cli;

/// <summary>The <c>mcic2 validate</c> and <c>mcic2 convert</c> commands, run in-process with their streams captured.</summary>
[TestClass]
public sealed class When_an_engineer_uses_mcic2
{
    private static readonly string FireCaseJson = Corpus.FullPath(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json"));
    private static readonly string FireCaseXml = Path.ChangeExtension(FireCaseJson, ".xml");

    [TestMethod]
    public async Task Validate_prints_the_family_and_valid()
    {
        var run = await Mcic2.Run("validate", FireCaseXml);

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        Assert.AreEqual("RC-EDA valid", run.Stdout.Trim());
    }

    [TestMethod]
    public async Task Validate_prints_one_line_per_problem_with_code_and_path_and_exits_1()
    {
        var file = Corpus.FullPath(Path.Combine("sample", "failing", "EDXL-DE", "multiple-errors-in-content.json"));

        var run = await Mcic2.Run("validate", file);

        Assert.AreEqual(1, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsGreaterThan(1, lines.Length, run.Stdout);
        Assert.IsTrue(lines.All(l => l.StartsWith("300 $.", StringComparison.Ordinal)), run.Stdout);
    }

    [TestMethod]
    public async Task Convert_reads_standard_input_and_writes_the_other_encoding()
    {
        var run = await Mcic2.Run(File.ReadAllBytes(FireCaseXml), "convert", "-", "--to", "json");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        TreeAssert.JsonEqual(JsonNode.Parse(File.ReadAllText(FireCaseJson)), JsonNode.Parse(run.Stdout));
    }

    [TestMethod]
    public async Task Canonical_output_reads_back_into_any_encoding_and_family()
    {
        var canonical = await Mcic2.Run("convert", FireCaseJson, "--to", "canonical");
        Assert.AreEqual(0, canonical.ExitCode, canonical.Stderr);
        var incidentFile = Path.Combine(Path.GetTempPath(), $"incident-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(incidentFile, canonical.Stdout);

        var xml = await Mcic2.Run("convert", incidentFile, "--to", "xml", "--family", "rc-eda");
        var emsi = await Mcic2.Run("convert", incidentFile, "--to", "json", "--family", "emsi");
        var back = await Mcic2.Run("convert", incidentFile, "--to", "json");

        Assert.AreEqual(0, xml.ExitCode, xml.Stderr);
        TreeAssert.XmlEqual(TreeAssert.Xml(File.ReadAllBytes(FireCaseXml)), TreeAssert.Xml(System.Text.Encoding.UTF8.GetBytes(xml.Stdout)));
        Assert.AreEqual(0, emsi.ExitCode, emsi.Stderr);
        Assert.AreEqual("fr.fire.CGA_national.SC-20240813-CGA_national-AT517", JsonNode.Parse(emsi.Stdout)!["emsi"]!["EVENT"]!["MAIN_EVENT_ID"]!.GetValue<string>());
        TreeAssert.JsonEqual(JsonNode.Parse(File.ReadAllText(FireCaseJson)), JsonNode.Parse(back.Stdout));
    }

    [TestMethod]
    public async Task An_envelope_in_gives_an_envelope_out()
    {
        var run = await Mcic2.Run("convert", Corpus.FullPath(Path.Combine("sample", "valid", "RC-EDA", "RC-EDA.json")), "--to", "xml");

        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Stdout, "<edxlDistribution");
    }

    [TestMethod]
    public async Task Invalid_input_to_convert_gives_the_error_lines_on_stderr_and_exit_1()
    {
        var run = await Mcic2.Run("<createCase xmlns=\"urn:emergency:eda:1.9:createCase\"><caseId>"u8.ToArray(), "convert", "-", "--to", "json");

        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual("", run.Stdout);
        StringAssert.StartsWith(run.Stderr, "102 ");
    }

    [TestMethod]
    public void The_built_executable_is_named_mcic2_and_validates_from_stdin()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mcic2.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "validate", "-"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.BaseStream.Write(File.ReadAllBytes(FireCaseJson));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
        Assert.AreEqual("RC-EDA valid", stdout.Trim());
    }

    private sealed record Mcic2(int ExitCode, string Stdout, string Stderr)
    {
        public static Task<Mcic2> Run(params string[] args) => Run([], args);

        public static async Task<Mcic2> Run(byte[] stdin, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exit = await MainCommand.InvokeAsync(args, new MemoryStream(stdin), stdout, stderr);
            return new Mcic2(exit, stdout.ToString(), stderr.ToString());
        }
    }
}
