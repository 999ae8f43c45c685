using System.Text.RegularExpressions;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Cli;

/// <summary>
/// Issue 7, point 1 on the command line: the inputs that printed a stack trace (and exited 1 like any refusal) are
/// refused like any invalid message — one <c>CODE PATH MESSAGE</c> line per problem, exit 1 — by both file commands.
/// </summary>
[TestClass]
public sealed partial class When_mcic2_reads_what_the_hub_cannot_read
{
    public static IEnumerable<object[]> Hostile => HostileMessages.Names;

    [GeneratedRegex(@"^\d{3} \S+ \S")]
    private static partial Regex ProblemLine();

    private static void AssertProblemLines(string output, string stderr, HostileMessage hostile)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.IsNotEmpty(lines, stderr);
        Assert.IsTrue(lines.All(l => ProblemLine().IsMatch(l)), output);
        StringAssert.StartsWith(lines[0], $"{(int)hostile.Code} {hostile.Path}", output);
        Assert.DoesNotContain("Unhandled", output + stderr);
        Assert.DoesNotContain("   at ", output + stderr, "no stack trace");
    }

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public async Task Validate_prints_its_problem_lines_and_exits_1(string name)
    {
        var hostile = HostileMessages.Named(name, PartnerMessages.Morning);
        using var directory = new TempDirectory("mcic2-hostile-");
        var file = Path.Combine(directory.Path, "message");
        await File.WriteAllBytesAsync(file, hostile.Body);

        var (exit, stdout, stderr) = await RunAsync([], "validate", file);

        Assert.AreEqual(1, exit, stdout + stderr);
        AssertProblemLines(stdout, stderr, hostile);
    }

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public async Task Convert_prints_its_problem_lines_and_exits_1(string name)
    {
        var hostile = HostileMessages.Named(name, PartnerMessages.Morning);

        var (exit, stdout, stderr) = await RunAsync(hostile.Body, "convert", "-", "--to", "canonical");

        Assert.AreEqual(1, exit, stdout + stderr);
        Assert.AreEqual("", stdout);
        AssertProblemLines(stderr, "", hostile);
    }

    /// <summary>Found by fuzzing the entry points: a property name with an unpaired surrogate failed the canonical
    /// reader's look-up (a 500 on <c>/convert</c>), before the CISU reader that refuses it with its path could.</summary>
    [TestMethod]
    [DataRow("{\"family\": \"RC-EDA\", \"\\ud800\": 1}", "102 $ a property name is not Unicode text: an unpaired surrogate")]
    [DataRow("{\"family\": \"RC-EDA\", \"incident\": {\"identity\": {\"caseId\": \"\\udfff\"}}}", "600 $.incident.identity.caseId not a valid canonical message")]
    public async Task Text_that_is_not_Unicode_in_a_canonical_looking_message_is_refused_with_its_path(string json, string line)
    {
        var (exit, stdout, stderr) = await RunAsync(System.Text.Encoding.UTF8.GetBytes(json), "convert", "-", "--to", "json");

        Assert.AreEqual(1, exit, stdout + stderr);
        StringAssert.StartsWith(stderr, line, stderr);
    }

    [TestMethod]
    public async Task A_directory_given_as_the_file_is_one_line_and_exit_2()
    {
        using var directory = new TempDirectory("mcic2-hostile-");

        var (exit, _, stderr) = await RunAsync([], "validate", directory.Path);

        Assert.AreEqual(2, exit, stderr);
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        StringAssert.StartsWith(stderr, $"cannot read {directory.Path}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(byte[] stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MainCommand.InvokeAsync(args, new MemoryStream(stdin), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
