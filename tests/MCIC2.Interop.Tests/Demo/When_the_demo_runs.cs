using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Simulators.Demo;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Demo;

/// <summary>The README's first command (simulators/Demo): the embedded hub with the actors in-process, the scenarios
/// played with their timeline printed, then the hub up for the operators' API until stopped.</summary>
[TestClass]
public sealed partial class When_the_demo_runs
{
    [TestMethod]
    public async Task It_prints_the_timeline_with_the_acknowledgements_and_answers_then_serves_the_API_until_stopped()
    {
        using var directory = new TempDirectory("mcic2-demo-");
        var output = new StringWriter();
        var shared = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource();
        var options = new DemoOptions
        {
            Scenarios = ["projectathon-lyon", "road-accident-gendarmerie"],
            Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(directory.Path, "demo"),
            HubSettings = TestClock.HubSettings,
        };
        var demo = Task.Run(() => DemoRun.RunAsync(options, shared, stop.Token));

        if (!await Poll.UntilAsync(() => demo.IsCompleted || Text(output).Contains("The hub stays up", StringComparison.Ordinal), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(100)))
            Assert.Fail($"the demo did not reach its API phase:\n{Text(output)}");
        Assert.IsFalse(demo.IsCompleted, $"the demo ended instead of staying up:\n{Text(output)}");
        var text = Text(output);

        StringAssert.Contains(text, "2 scenarios played: 2 passed, 0 failed");
        // The timeline: the SAMU's request for assistance answered by the SDIS, the hub's and the partners' RC-REFs.
        StringAssert.Matches(text, TimelineLine("fr.fire.sdis69", "hub", "EMSI"));
        StringAssert.Matches(text, TimelineLine("fr.fire.sdis69", "fr.health.samu69", "EMSI"));
        StringAssert.Matches(text, TimelineLine("fr.police.mcic2", "fr.health.samu69", "RC-REF"));
        StringAssert.Matches(text, TimelineLine("fr.gendarmerie.corg35", "fr.police.cic35", "RC-REF"));
        StringAssert.Contains(text, "conformance report — projectathon-lyon");
        StringAssert.Contains(text, "conformance report — road-accident-gendarmerie");

        // Still up: the operators' API (development mode) finds the cases just played.
        var hub = new Uri(HubUrl().Match(text).Groups[1].Value);
        using var http = new HttpClient { BaseAddress = hub };
        using var response = await http.GetAsync(new Uri("api/incidents", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var cases = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(i => (string)i!["caseId"]!).ToList();
        Assert.IsTrue(cases.Any(c => c.Contains("cyclists", StringComparison.Ordinal)), string.Join(", ", cases));
        Assert.IsTrue(cases.Any(c => c.Contains("accident", StringComparison.Ordinal)), string.Join(", ", cases));

        // …and the scenario runs with their conformance reports.
        using var runs = await http.GetAsync(new Uri("api/scenario-runs", UriKind.Relative));
        var played = JsonNode.Parse(await runs.Content.ReadAsStringAsync())!.AsArray();
        CollectionAssert.AreEquivalent(new[] { "projectathon-lyon", "road-accident-gendarmerie" }, played.Select(r => (string)r!["scenario"]!).ToArray());
        Assert.IsTrue(played.All(r => (bool)r!["passed"]!));
        using var report = await http.GetAsync(new Uri("api/scenario-runs/projectathon-lyon", UriKind.Relative));
        StringAssert.Contains(await report.Content.ReadAsStringAsync(), "EMSI-RDC");

        await stop.CancelAsync();
        Assert.AreEqual(0, await demo.WaitAsync(TimeSpan.FromMinutes(1)), Text(output));
    }

    [TestMethod]
    public async Task Each_run_starts_from_an_empty_store_and_with_exit_it_stops_once_played()
    {
        using var directory = new TempDirectory("mcic2-demo-");
        var data = Path.Combine(directory.Path, "demo");
        Directory.CreateDirectory(data);
        var leftOver = Path.Combine(data, "left-over.txt");
        File.WriteAllText(leftOver, "an earlier run");
        var output = new StringWriter();

        var exit = await DemoRun.RunAsync(new DemoOptions
        {
            Scenarios = ["burglary"], Urls = "http://127.0.0.1:0", DataDirectory = data, StayUp = false, HubSettings = TestClock.HubSettings,
        }, output, CancellationToken.None);

        Assert.AreEqual(0, exit, output.ToString());
        Assert.IsFalse(File.Exists(leftOver));
        StringAssert.Contains(output.ToString(), "1 scenarios played: 1 passed, 0 failed");
        Assert.IsFalse(output.ToString().Contains("The hub stays up", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_scenario_that_is_not_shipped_is_refused_with_the_shipped_names()
    {
        using var directory = new TempDirectory("mcic2-demo-");
        var refused = await Assert.ThrowsExactlyAsync<ScenarioException>(() => DemoRun.RunAsync(
            new DemoOptions { Scenarios = ["flood"], DataDirectory = Path.Combine(directory.Path, "demo"), StayUp = false }, TextWriter.Null, CancellationToken.None));

        StringAssert.Contains(refused.Message, "no shipped scenario 'flood'");
        StringAssert.Contains(refused.Message, "projectathon-lyon");
    }

    [TestMethod]
    public void Its_options_pass_the_hub_settings_through_and_refuse_what_they_cannot_read()
    {
        var options = DemoOptions.Parse(["--scenario", "gas-leak", "--speed", "10", "--Hub:Operators:SigningKey", "k", "--Serilog:MinimumLevel:Default=Information", "--exit"]);

        CollectionAssert.AreEqual(new[] { "gas-leak" }, options.Scenarios.ToArray());
        Assert.AreEqual(10, options.Speed);
        Assert.IsFalse(options.StayUp);
        CollectionAssert.AreEqual(new[] { "--Hub:Operators:SigningKey", "k", "--Serilog:MinimumLevel:Default=Information" }, options.HubSettings.ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => DemoOptions.Parse(["--speed", "fast"])).Message, "--speed fast");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => DemoOptions.Parse(["--urls"])).Message, "--urls needs a value");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => DemoOptions.Parse(["play"])).Message, "unknown argument 'play'");
    }

    [TestMethod]
    public void Over_a_real_RabbitMQ_it_takes_the_broker_its_CA_and_rabbitmqctl_together()
    {
        var options = DemoOptions.Parse(["--rabbitmq", "amqps://127.0.0.1:55671", "--ca", "/tmp/ca", "--rabbitmqctl", "/usr/bin/rabbitmqctl"]);

        Assert.AreEqual(new DemoBroker(new Uri("amqps://127.0.0.1:55671"), "/tmp/ca", "/usr/bin/rabbitmqctl"), options.RabbitMq);
        Assert.IsNull(DemoOptions.Parse([]).RabbitMq, "over HTTP by default");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => DemoOptions.Parse(["--rabbitmq", "amqps://127.0.0.1:55671"])).Message, "--rabbitmq, --ca and --rabbitmqctl go together");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => DemoOptions.Parse(["--rabbitmq", "amqp://127.0.0.1:5672", "--ca", "d", "--rabbitmqctl", "c"])).Message,
            "an amqps://HOST:PORT URI is expected");
    }

    private static string Text(StringWriter output)
    {
        lock (output) return output.ToString();
    }

    private static Regex TimelineLine(string from, string to, string family) =>
        new($@"^\+\d\d:\d\d  {Regex.Escape(from)} → {Regex.Escape(to)}  {Regex.Escape(family)}", RegexOptions.Multiline);

    [GeneratedRegex(@"the hub at (\S+) ")]
    private static partial Regex HubUrl();
}
