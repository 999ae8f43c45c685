using System.Diagnostics;
using System.Globalization;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>
/// The promise over AMQP (issue 8): the real <c>mcic2</c> process is the police HubEx on RabbitMQ's TLS listener; two
/// CICs publish 2,400 messages (60 fire incidents × 40: an RC-EDA, then RC-RI updates) concurrently, each incident in
/// order, with publisher confirms; three clients receive them, acknowledging each only once recorded. In the middle of
/// the load the hub is SIGKILLed and restarted on the same store, or RabbitMQ is restarted. Every message confirmed to
/// a sender reaches each recipient: 0 lost, 0 duplicates once deduplicated by id, each incident in the order sent; each
/// sender gets one RC-REF per message; redeliveries (same id again) are counted in the output, not judged.
/// <para>The embedded profile only: what differs over AMQP (the dispatcher acknowledging a message only once stored,
/// the broker giving back what was not acknowledged, the hub's and the clients' reconnections) does not depend on the
/// store, and the hub's recovery of its store after a SIGKILL is the HTTP kill test's, on both profiles.</para>
/// </summary>
[TestClass]
[TestCategory(TestCategories.LoadUnderFault)]
public sealed class When_the_hubex_is_disrupted_mid_load
{
    private const string HubId = "fr.police.mcic2";

    /// <summary>The fires are in Rennes (35238, police zone): the CIC 35 is the competent force, the fire brings in the
    /// SDIS 35, its victims and health motive the SAMU 35. Reported by CICs of other départements, so the recipients
    /// are the same for both, and no incident is handed over to the gendarmerie (a handover waits for an RC-REF the
    /// recipients do not send, and would be resent to a backup after two minutes).</summary>
    private const string Rennes = "35238";

    private static readonly string[] Senders = ["fr.police.cic44", "fr.police.cic69"];
    private static readonly string[] Recipients = ["fr.police.cic35", "fr.fire.sdis35", "fr.health.samu35"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Nothing_confirmed_is_lost_duplicated_or_reordered_when_the_hub_is_killed()
    {
        // The hub is killed, not the broker: the test node, shared with concurrent runs, in a vhost of this run's own.
        var vhost = $"mcic2-chaos-{Guid.NewGuid():N}"[..20];
        var port = new Uri(TestServices.RabbitMqTlsUri).Port; // no RabbitMQ: the test fails, never skips
        try
        {
            await RunAsync(port, node: null, vhost, async (hub, busFile) =>
            {
                await hub.KillAsync();
                TestContext.WriteLine($"hub killed (SIGKILL); {await BusInbox.EmbeddedAsync(busFile)} accepted messages left in its bus");
                var restart = Stopwatch.StartNew();
                await hub.StartAsync(TimeSpan.FromSeconds(60));
                TestContext.WriteLine($"hub restarted on the same store in {restart.Elapsed.TotalSeconds:0.0} s");
            }, brokerLog: () => "");
        }
        finally
        {
            // Not asserted: a run that failed before importing its definitions has no vhost to delete.
            await ProgramRun.RunAsync(TestServices.RabbitMqCtl, ["-q", "delete_vhost", vhost], CancellationToken.None);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Nothing_confirmed_is_lost_duplicated_or_reordered_when_RabbitMQ_restarts()
    {
        var ct = TestContext.CancellationToken;
        // A node of this test's own: restarting the test node would cut every concurrent run's connections.
        await using var node = await RestartableRabbitNode.StartAsync(ct);
        await RunAsync(node.TlsPort, node.Name, "mcic2-chaos", async (_, _) =>
        {
            await node.RestartAsync(ct);
            TestContext.WriteLine($"RabbitMQ node {node.Name} stopped and booted again");
        }, brokerLog: () => node.LogTail(), scenario: figures => Assert.IsGreaterThan(0, figures.Republished,
            "the restart must catch the senders publishing: what the broker did not confirm is published again"));
    }

    /// <summary>How the hub lived through it: its recovery, its retries, its warnings and errors.</summary>
    private void ReportHubLog(HubProcess hub)
    {
        foreach (var line in hub.LogLines("Intake ").Concat(hub.LogLines("HubEx "))) TestContext.WriteLine($"hub: {line}");
        var retried = hub.LogLines(" failed (attempt ");
        TestContext.WriteLine($"hub: {retried.Count} delivery attempts failed, to be retried{(retried.Count == 0 ? "" : $"; the last: {retried[^1]}")}");
        var problems = hub.LogLines(" WRN] ").Concat(hub.LogLines(" ERR] ")).ToList();
        TestContext.WriteLine($"hub: {problems.Count} warnings and errors{string.Concat(problems.Take(10).Select(p => $"{Environment.NewLine}  {p}"))}");
    }

    /// <param name="disrupt">Given the hub process and its bus file.</param>
    /// <param name="scenario">Asserts that the disruption did what the scenario is about.</param>
    private async Task RunAsync(int port, string? node, string vhost, Func<HubProcess, string, Task> disrupt, Func<string> brokerLog,
        Action<HubExLoadFigures>? scenario = null)
    {
        var ct = TestContext.CancellationToken;
        var total = Stopwatch.StartNew();
        using var directory = new TempDirectory("mcic2-hubex-chaos-");
        var data = Path.Combine(directory.Path, "data");
        var busFile = Path.Combine(data, "bus.db");
        var clientIds = Senders.Concat(Recipients).ToList();

        // Nothing may go anywhere else: an HTTP delivery there is a stray one.
        await using var recorder = await RecordingPartner.StartAsync();
        var rules = HubUnderTest.WriteRules(directory.Path, recorder.BaseAddress);
        File.WriteAllText(rules, HubExRules.OnTheHubEx(File.ReadAllText(rules), clientIds));
        var options = new HubExOptions { Host = "127.0.0.1", Port = port, ServerName = "localhost", VirtualHost = vhost, HubId = HubId };
        await TestRabbit.ImportDefinitionsAsync(HubExDefinitions.For(options, clientIds), ct, node);

        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(HubId), directory.Path);
        var authority = Path.Combine(directory.Path, "ca.crt");
        File.WriteAllText(authority, TestCertificates.Authority.ExportCertificatePem());
        var environment = new Dictionary<string, string>
        {
            ["Hub__Profile"] = "embedded",
            ["Hub__DataDirectory"] = data,
            ["Hub__Rules"] = rules,
            // A killed hub gives back nothing; a drained stop is not what is tested here.
            ["Hub__DrainTimeout"] = "00:00:01",
            [TestClock.HubEnvironment.Key] = TestClock.HubEnvironment.Value,
            ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore"] = "Warning",
            ["Hub__HubEx__Host"] = options.Host,
            ["Hub__HubEx__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Hub__HubEx__ServerName"] = options.ServerName,
            ["Hub__HubEx__VirtualHost"] = vhost,
            ["Hub__HubEx__HubId"] = HubId,
            ["Hub__HubEx__CertificatePem"] = certificate,
            ["Hub__HubEx__CertificateKeyPem"] = key,
            ["Hub__HubEx__CaCertificatePem"] = authority,
            // Back sooner after an outage than in production (1 s doubling to 30 s): the test waits by polling.
            ["Hub__HubEx__ReconnectFirstDelay"] = "00:00:00.200",
            ["Hub__HubEx__ReconnectMaxDelay"] = "00:00:02",
        };
        using var hub = new HubProcess(Path.Combine(directory.Path, "hub.log"), environment);
        var ledger = new ClientLedger();
        var clients = clientIds.Select(id => new HubExLoadClient(id, port, vhost, options.SendExchange)).ToList();
        var passed = false;
        try
        {
            await hub.StartAsync(TimeSpan.FromSeconds(60));
            foreach (var client in clients) await client.StartReceivingAsync(ledger, ct);
            var messages = new IncidentLoad { Senders = Senders, Incidents = 60, MessagesPerIncident = 40, Commune = Rennes }
                .Build($"AMQP-{Guid.NewGuid().ToString("N")[..8]}");
            var load = new HubExLoad(clients.Where(c => Senders.Contains(c.Id)).ToList(), clients, ledger, line => TestContext.WriteLine(line))
            {
                DisruptAfterConfirmed = messages.Count * 2 / 5,
            };

            var figures = await load.RunAsync(messages, Recipients, () => disrupt(hub, busFile), () => hub.Tail() + brokerLog(), ct);

            TestContext.WriteLine($"figures: {figures}; total test time {total.Elapsed.TotalSeconds:0.0} s");
            ReportHubLog(hub);
            Assert.IsLessThan(figures.ConfirmedAtDisruption, figures.AcknowledgedAtDisruption,
                "the disruption must come with confirmed messages the hub had not routed yet, or it tests nothing");
            scenario?.Invoke(figures);
            Assert.IsEmpty(recorder.Received, $"nothing goes over HTTP: {string.Join(", ", recorder.Received.Select(r => $"{r.PartnerId}:{r.DeliveryId}"))}");
            Assert.AreEqual(0, await BusInbox.EmbeddedAsync(busFile), $"the hub must have handled every message it accepted{hub.Tail()}");
            // A client may still hold the last RC-REF of a redelivered message unacknowledged when the ledger is
            // complete (counted as a message by list_queues): empty means empty within a few seconds, a dead letter stays.
            var queues = "";
            var drained = await Poll.UntilAsync(async () =>
            {
                queues = await TestRabbit.CtlAsync(ct, [.. TestRabbit.NodeArguments(node), "-q", "list_queues", "-p", vhost, "--no-table-headers", "name", "type", "messages"]);
                return queues.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(q => q.Split('\t') is [_, "quorum", "0"]);
            }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
            TestContext.WriteLine($"queues after the run (name, type, messages):{Environment.NewLine}{queues}");
            Assert.IsTrue(drained, $"every queue is a quorum queue and empty at the end: nothing stuck, nothing dead-lettered:{Environment.NewLine}{queues}");
            passed = true;
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
            if (!passed)
            {
                hub.Dispose(); // killed first: its last lines are in the log
                TestContext.WriteLine($"hub output (kept): {hub.LogFile}{hub.Tail(200)}");
            }
            directory.Keep = !passed;
        }
    }
}
