using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Routing.EndToEnd.HubEx;

/// <summary>
/// The end-to-end proof: the real hub (embedded profile) is the police HubEx on the test RabbitMQ's TLS
/// listener, in a vhost of its own; CIC 35 and CIC 44 are its clients (the shipped rules, those two switched to the
/// <c>hubex</c> channel). CIC 35 is a python3-pika client, CIC 44 a RabbitMQ.Client one; both log in by certificate
/// only (SASL EXTERNAL). The users and rights are the definitions the hub prints, imported with rabbitmqctl.
/// </summary>
[TestClass]
public sealed class When_command_centres_exchange_through_the_hubex
{
    private const string HubId = "fr.police.mcic2";
    private const string Cic35 = "fr.police.cic35";
    private const string Cic44 = "fr.police.cic44";

    private static TempDirectory s_files = null!;
    private static HubUnderTest s_hub = null!;
    private static HubExOptions s_options = null!;
    private static string s_vhost = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartTheHub(TestContext context)
    {
        var ct = context.CancellationToken;
        s_files = new TempDirectory("mcic2-hubex-e2e-");
        // A vhost per run: the hub keeps its real id and default names, and concurrent runs on the shared broker never meet.
        s_vhost = $"mcic2-e2e-{Guid.NewGuid():N}"[..18];
        s_hub = await HubUnderTest.StartWithRulesAsync(OnTheHubEx, HubExHubSettings.For(s_vhost, HubId, s_files.Path));

        // What an operator does with `mcic2 hubex definitions`: the hub's bound settings and the clients of its rules.
        s_options = s_hub.App.Services.GetRequiredService<HubExOptions>();
        var clients = HubExServices.ClientsOf(s_hub.App.Services.GetRequiredService<RoutingRulesProvider>().Current);
        CollectionAssert.AreEquivalent(new[] { Cic35, Cic44 }, clients.ToArray());
        await TestRabbit.ImportDefinitionsAsync(HubExDefinitions.For(s_options, clients), ct);
    }

    [ClassCleanup]
    public static async Task StopTheHub()
    {
        // A failed start leaves some of these unset: clean up what exists.
        if (s_hub is not null) await s_hub.DisposeAsync();
        if (s_options is not null) await TestRabbit.CtlAsync(CancellationToken.None, "-q", "delete_vhost", s_vhost);
        s_files?.Dispose();
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task An_RC_EDA_from_one_centre_reaches_the_other_and_its_sender_gets_the_hubs_RC_REF_on_ack()
    {
        var ct = TestContext.CancellationToken;
        var distributionId = $"{Cic35}_E2E-{Guid.NewGuid():N}";
        var sent = PartnerMessages.Message(PartnerMessages.FireCase, Cic35, distributionId, TestClock.Now(), addressedTo: Cic44);

        Assert.AreEqual("confirmed", await PikaAsync(Cic35, "publish", s_options.SendExchange, Cic35, await WriteAsync(CisuCodec.Shared.Encode(sent, CisuEncoding.Json), ct), "application/json"));

        await using var cic44 = await HubExTestClient.ConnectAsync(ClientFactory(Cic44), Cic44, s_options.SendExchange, ct);
        var received = await cic44.ReceiveAsync(ClientQueue.Message, ct, TimeSpan.FromSeconds(30));
        var forwarded = CisuCodec.Shared.Decode(received.Body.ToArray()).Message;
        Assert.AreEqual(MessageFamilies.CaseCreation, forwarded.Family);
        Assert.AreEqual(distributionId, forwarded.Distribution!.DistributionId);
        Assert.AreEqual(Cic35, forwarded.Distribution.SenderId);
        Assert.AreEqual(sent.Incident!.Identity.CaseId, forwarded.Incident!.Identity.CaseId);
        Assert.AreEqual("application/json", received.BasicProperties.ContentType);
        Assert.AreEqual(HubId, received.BasicProperties.UserId, "the broker vouches that the hub published it");

        var ack = await PikaReceiveAsync(Cic35, "ack");
        var reference = CisuCodec.Shared.Decode(ack).Message;
        Assert.AreEqual(MessageFamilies.Reference, reference.Family);
        Assert.AreEqual(HubId, reference.Distribution!.SenderId);
        Assert.AreEqual(distributionId, reference.Acknowledgement!.AcknowledgedDistributionId);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_that_breaks_the_schema_gets_the_hubs_RS_ERROR_300_on_info()
    {
        var ct = TestContext.CancellationToken;
        var distributionId = $"{Cic35}_E2E-{Guid.NewGuid():N}";
        var envelope = JsonNode.Parse(PartnerMessages.Bytes(PartnerMessages.FireCase, Cic35, distributionId, TestClock.Now()))!;
        var createCase = envelope["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["createCase"]!.AsObject();
        Assert.IsTrue(createCase.Remove("caseId"), "the example has a caseId to remove");
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString());

        Assert.AreEqual("confirmed", await PikaAsync(Cic35, "publish", s_options.SendExchange, Cic35, await WriteAsync(body, ct), "application/json"));

        var error = CisuCodec.Shared.Decode(await PikaReceiveAsync(Cic35, "info")).Message;
        Assert.AreEqual(MessageFamilies.Error, error.Family);
        Assert.AreEqual(HubId, error.Distribution!.SenderId);
        Assert.AreEqual(300, error.Error!.StatusCode);
        // The payload breaks the schema, its envelope does not: the error names the message by its own distribution id
        // (IEnvelopeFormat), as the sender knows it.
        Assert.AreEqual(distributionId, error.Error.ReferencedDistributionId);
        StringAssert.Contains(error.Error.Cause, "caseId");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_centre_publishing_with_another_centres_routing_key_is_refused_403_by_the_broker()
    {
        var sent = PartnerMessages.Bytes(PartnerMessages.FireCase, Cic44, $"{Cic44}_E2E-{Guid.NewGuid():N}", TestClock.Now());

        Assert.AreEqual("refused 403", await PikaAsync(Cic35, "publish", s_options.SendExchange, Cic44, await WriteAsync(sent, TestContext.CancellationToken), "application/json"));
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_centre_finds_its_own_queue_but_consuming_another_centres_is_refused_403()
    {
        Assert.AreEqual("declared", await PikaAsync(Cic35, "passive", ClientQueues.Name(Cic35, ClientQueue.Message)));
        // (A passive declare of another's queue is not refused: RabbitMQ checks no permission for it; docs/hubex.md.)
        Assert.AreEqual("refused 403", await PikaAsync(Cic35, "receive", ClientQueues.Name(Cic44, ClientQueue.Message), "1"));
    }

    /// <summary>The shipped rules with the two centres on the HubEx: their address is their client id.</summary>
    private static string OnTheHubEx(string rules) => HubExRules.OnTheHubEx(rules, [Cic35, Cic44]);

    /// <summary>The test CA, written beside the hub's certificate (<see cref="HubExHubSettings"/>).</summary>
    private static string AuthorityFile => Path.Combine(s_files.Path, "ca.crt");

    /// <summary>The test listener's URI on this run's vhost.</summary>
    private static string VhostUri => new UriBuilder(TestServices.RabbitMqTlsUri) { Path = Uri.EscapeDataString(s_vhost) }.Uri.AbsoluteUri;

    private static RabbitMQ.Client.ConnectionFactory ClientFactory(string clientId)
    {
        var factory = TestRabbit.Client(clientId);
        factory.VirtualHost = s_vhost;
        return factory;
    }

    private async Task<string> WriteAsync(byte[] body, CancellationToken ct)
    {
        var file = Path.Combine(s_files.Path, $"{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, body, ct);
        return file;
    }

    /// <summary>The next message on one of the pika client's queues (waiting at most 30 s), its body checked persistent.</summary>
    private async Task<byte[]> PikaReceiveAsync(string clientId, string queue)
    {
        var line = await PikaAsync(clientId, "receive", $"{clientId}.{queue}", "30");
        if (line == "nothing") Assert.Fail($"nothing came on {clientId}.{queue} within 30 s");
        var received = JsonNode.Parse(line)!;
        Assert.AreEqual(2, (int)received["delivery_mode"]!, "published persistent");
        Assert.AreEqual(HubId, (string?)received["user_id"]);
        return Convert.FromBase64String((string)received["body"]!);
    }

    /// <summary>Runs Services/hubex_client.py as <paramref name="clientId"/>, with a certificate minted for it; returns what it printed.</summary>
    private async Task<string> PikaAsync(string clientId, params string[] action)
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(clientId), s_files.Path);
        var run = await ProgramRun.RunAsync("/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Services", "hubex_client.py"), VhostUri, AuthorityFile, certificate, key, .. action],
            TestContext.CancellationToken);
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        return run.Stdout.TrimEnd('\n');
    }
}
