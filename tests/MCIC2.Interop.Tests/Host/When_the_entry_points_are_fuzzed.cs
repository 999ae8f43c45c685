using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Fuzz;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// The fuzz campaign's mutants (tests/MCIC2.Interop.Fuzz) through the hub's own entry points rather than the codec:
/// over real HTTP on <c>/messages</c>, <c>/validate</c> and <c>/convert</c>, and through <c>mcic2 validate</c> and
/// <c>mcic2 convert</c>. Whatever the mutant, the answer is a success or a refusal in the standard shape — never a 500,
/// an empty body, a stack trace or the exit code of a defect (70). Deterministic (fixed seeds).
/// </summary>
[TestClass]
public sealed partial class When_the_entry_points_are_fuzzed
{
    private static HubUnderTest _hub = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) =>
        _hub = await HubUnderTest.StartAsync(overrides: null, "--Hub:Intake:RateLimit:Enabled", "false");

    [ClassCleanup]
    public static async Task Stop() => await _hub.DisposeAsync();

    [GeneratedRegex(@"^\d{3} \S+ \S")]
    private static partial Regex ProblemLine();

    /// <summary>
    /// Mutants of the official examples sent as a partner of the hub would, so that intake goes past its sender and
    /// date checks: each its own distribution id (a mutant re-using one is refused as such), dated now.
    /// </summary>
    private static IEnumerable<FuzzInput> PartnerMutants(CisuEncoding encoding, int count, int seed)
    {
        var examples = Corpus.Files("examples", ".json").Select(f => (string)f[0]).ToList();
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var example = examples[random.Next(examples.Count)];
            var bytes = PartnerMessages.Bytes(example, Sender, $"{Sender}_FUZZ-{seed}-{i}", TestClock.Now(), encoding: encoding);
            var (input, kind) = Mutations.Apply(bytes, random);
            yield return new FuzzInput(kind, example, input);
        }
    }

    private const string Sender = "fr.fire.sdis35";

    [TestMethod]
    [DataRow(CisuEncoding.Json)]
    [DataRow(CisuEncoding.Xml)]
    public async Task Every_HTTP_answer_is_a_success_or_a_refusal_with_its_code_and_paths(CisuEncoding encoding)
    {
        var answers = new Dictionary<int, int>();
        foreach (var mutant in PartnerMutants(encoding, 150, seed: 7))
        {
            foreach (var endpoint in new[] { "/messages", "/validate", "/convert?to=json", "/convert?to=xml" })
            {
                using var response = await _hub.Http.PostAsync(new Uri(endpoint, UriKind.Relative), new ByteArrayContent(mutant.Bytes));
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                answers[status] = answers.GetValueOrDefault(status) + 1;
                var what = $"{mutant.Kind} of {mutant.Seed} on {endpoint}: {status} '{text[..Math.Min(text.Length, 300)]}'";

                Assert.IsTrue(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.BadRequest, what);
                if (response.StatusCode != HttpStatusCode.BadRequest) continue;
                Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, what);
                var body = JsonNode.Parse(text)!;
                Assert.IsTrue(Enum.IsDefined((HubErrorCode)body["code"]!.GetValue<int>()), what);
                Assert.IsFalse(string.IsNullOrEmpty(body["status"]?.GetValue<string>()), what);
                var problems = body["problems"]!.AsArray();
                Assert.IsNotEmpty(problems, what);
                Assert.IsTrue(problems.All(p => p!["code"] is not null && !string.IsNullOrEmpty(p["path"]?.GetValue<string>()) && !string.IsNullOrEmpty(p["message"]?.GetValue<string>())), what);
            }
        }
        Assert.IsGreaterThan(1, answers.Count, $"mutants both pass and fail: {string.Join(", ", answers)}");
    }

    [TestMethod]
    [DataRow(".json")]
    [DataRow(".xml")]
    public async Task Every_command_ends_valid_or_with_its_problem_lines_and_exit_1(string extension)
    {
        using var directory = new TempDirectory("mcic2-fuzz-cli-");
        var exits = new Dictionary<int, int>();
        foreach (var mutant in Campaign.Mutants(Campaign.Seeds(Corpus.Root, extension), 100, seed: 11))
        {
            var file = Path.Combine(directory.Path, "message" + extension);
            await File.WriteAllBytesAsync(file, mutant.Bytes);
            foreach (var args in new[] { new[] { "validate", file }, ["convert", "-", "--to", "canonical"] })
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                var exit = await MainCommand.InvokeAsync(args, new MemoryStream(mutant.Bytes), stdout, stderr);
                exits[exit] = exits.GetValueOrDefault(exit) + 1;
                var what = $"{mutant.Kind} of {mutant.Seed}, mcic2 {args[0]}: exit {exit}, stdout '{Head(stdout)}', stderr '{Head(stderr)}'";

                Assert.IsTrue(exit is 0 or 1, what);
                Assert.DoesNotContain("   at ", stdout.ToString() + stderr, what);
                if (exit == 0) continue;
                // validate prints its problems on stdout, convert on stderr (its stdout is the converted message)
                var lines = (args[0] == "validate" ? stdout : stderr).ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.IsNotEmpty(lines, what);
                Assert.IsTrue(lines.All(l => ProblemLine().IsMatch(l)), what);
            }
        }
        Assert.IsTrue(exits.ContainsKey(0) && exits.ContainsKey(1), $"mutants both pass and fail: {string.Join(", ", exits)}");
    }

    private static string Head(StringWriter writer) => writer.ToString()[..Math.Min(writer.ToString().Length, 300)];
}
