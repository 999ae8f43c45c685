using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Validation;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.Tests.Support;
using static MCIC2.Interop.Tests.Simulators.PeerHubEx.TestPeerHubEx;

namespace MCIC2.Interop.Tests.Simulators.PeerHubEx;

/// <summary>
/// Clients of the simulated Hub Santé exchanging through it over TLS: what one publishes reaches the other's queue for
/// its kind, persistent, with its distribution id and the earlier of its expiry and the queue TTL; a non-health
/// recipient gets it in XML. SAMU 69 is a python3-pika client, so the simulator is not only checked by our own client.
/// </summary>
[TestClass]
public sealed class When_two_clients_exchange_through_the_peer_hubex
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_report_reaches_the_recipients_message_queue_and_its_rc_ref_comes_back_on_the_senders_ack_queue()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        var report = hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "case-1", expiresIn: TimeSpan.FromHours(2));

        await samu35.PublishAsync(report, ct);

        using var files = new TempDirectory("mcic2-peer-pika-");
        var received = JsonNode.Parse(await PikaAsync(hub, files, Samu69, "receive", $"{Samu69}.message", "20"))!;
        CollectionAssert.AreEqual(report, Convert.FromBase64String((string)received["body"]!), "a JSON recipient gets the message as sent");
        Assert.AreEqual(2, (int)received["delivery_mode"]!, "persistent");
        Assert.AreEqual("application/json", (string?)received["content_type"]);
        Assert.AreEqual($"{Samu35}_case-1", (string?)received["message_id"]);

        var reference = hub.Message("examples/RC-REF/RC-REF.json", Samu69, Samu35, "ref-1", kind: "Ack");
        var file = Path.Combine(files.Path, "rc-ref.json");
        await File.WriteAllBytesAsync(file, reference, ct);
        Assert.AreEqual("confirmed", await PikaAsync(hub, files, Samu69, "publish", hub.Settings.SendExchange, Samu69, file, "application/json"));
        var acknowledgement = await samu35.ReceiveAsync(ClientQueue.Ack, ct);
        CollectionAssert.AreEqual(reference, acknowledgement.Body.ToArray());
        Assert.AreEqual(0u, await samu35.CountAsync(ClientQueue.Info, ct), "no error");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_lives_in_the_recipients_queue_until_the_earlier_of_its_expiry_and_the_queue_ttl()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var samu69 = await hub.ConnectAsync(Samu69, ct);

        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "soon", expiresIn: TimeSpan.FromHours(2)), ct);
        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Samu69, "later", expiresIn: TimeSpan.FromDays(3)), ct);

        Assert.AreEqual("7200000", (await samu69.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.Expiration, "its own expiry, 2 h ahead");
        Assert.AreEqual("86400000", (await samu69.ReceiveAsync(ClientQueue.Message, ct)).BasicProperties.Expiration, "the queue TTL, 24 h");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_non_health_recipient_gets_the_message_in_xml_and_its_xml_answer_reaches_a_health_client_in_json()
    {
        var ct = TestContext.CancellationToken;
        await using var hub = await StartAsync(ct);
        await using var samu35 = await hub.ConnectAsync(Samu35, ct);
        await using var sdis35 = await hub.ConnectAsync(Sdis35, ct);

        await samu35.PublishAsync(hub.Message(PartnerMessages.FireCase, Samu35, Sdis35, "case-1"), ct);

        var received = await sdis35.ReceiveAsync(ClientQueue.Message, ct);
        Assert.AreEqual("application/xml", received.BasicProperties.ContentType);
        var xml = XDocument.Parse(Encoding.UTF8.GetString(received.Body.Span), LoadOptions.SetLineInfo);
        Assert.AreEqual(0, XsdValidator.Shared.Validate(xml).Count, "valid against the official XSDs");
        var decoded = CisuCodec.Shared.Decode(received.Body.Span);
        Assert.AreEqual(CisuEncoding.Xml, decoded.Encoding);
        Assert.AreEqual($"{Samu35}_case-1", decoded.Message.Distribution!.DistributionId);
        Assert.AreEqual(CisuCodec.Shared.Decode(hub.Message(PartnerMessages.FireCase, Samu35, Sdis35, "case-1")).Message.Incident!.Identity.CaseId, decoded.Message.Incident!.Identity.CaseId);

        await sdis35.PublishAsync(hub.Message("examples/RC-REF/RC-REF.json", Sdis35, Samu35, "ref-1", kind: "Ack", encoding: CisuEncoding.Xml), ct,
            contentType: "application/xml");

        var answer = await samu35.ReceiveAsync(ClientQueue.Ack, ct);
        Assert.AreEqual("application/json", answer.BasicProperties.ContentType);
        Assert.AreEqual($"{Sdis35}_ref-1", (string?)JsonNode.Parse(answer.Body.ToArray())!["distributionID"]);
    }

    /// <summary>Runs Services/hubex_client.py as <paramref name="clientId"/>, with a certificate minted for it; returns what it printed.</summary>
    private async Task<string> PikaAsync(TestPeerHubEx hub, TempDirectory files, string clientId, params string[] action)
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(clientId), files.Path);
        var run = await ProgramRun.RunAsync("/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Services", "hubex_client.py"), hub.VhostUri, hub.AuthorityFile, certificate, key, .. action],
            TestContext.CancellationToken);
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        return run.Stdout.TrimEnd('\n');
    }
}
