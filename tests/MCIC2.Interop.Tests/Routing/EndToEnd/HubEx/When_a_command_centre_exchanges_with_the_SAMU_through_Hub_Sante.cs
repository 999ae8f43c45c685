using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.HubEx.Options;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.HubEx.Peers;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.Routing.EndToEnd.HubEx;

/// <summary>
/// Issue 9's peer links end to end: the real hub (embedded profile) is the police HubEx on the test RabbitMQ (a vhost
/// of its own, CIC 35 its client) and a client of a Hub Santé-shaped peer HubEx provisioned for the run (the hub's id
/// there fresh, reached through a loopback relay the outage test cuts). The shipped rules, with CIC 35 on the
/// <c>hubex</c> channel and SAMU 35 on the <c>hubex-peer</c> link <c>hubsante</c>, which serves <c>fr.health.*</c>. The
/// test plays Hub Santé's dispatcher: it reads what reached its send exchange and puts the SAMU's messages in the
/// hub's queues there.
/// </summary>
[TestClass]
public sealed class When_a_command_centre_exchanges_with_the_SAMU_through_Hub_Sante
{
    private const string HubId = "fr.police.mcic2";
    private const string Cic35 = "fr.police.cic35";
    private const string Samu35 = "fr.health.samu35";
    private const string Corg35 = "fr.gendarmerie.corg35";
    // Bounded waits, generous: the first message through a fresh hub also waits for its handlers to be compiled.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static TempDirectory s_files = null!;
    private static LoopbackProxy s_proxy = null!;
    private static PeerHubExTestBroker s_hubSante = null!;
    private static HubUnderTest s_hub = null!;
    private static HubExOptions s_hubEx = null!;
    private static string s_vhost = null!;
    private static readonly List<BasicGetResult> s_atHubSante = [];

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartTheHub(TestContext context)
    {
        var ct = context.CancellationToken;
        s_files = new TempDirectory("mcic2-peer-e2e-");
        s_vhost = $"mcic2-peer-{Guid.NewGuid():N}"[..20];
        s_proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, new Uri(TestServices.RabbitMqTlsUri).Port));
        s_hubSante = new PeerHubExTestBroker(linkPort: s_proxy.Port);
        await s_hubSante.ProvisionAsync(ct);

        var link = s_hubSante.Link;
        var peer = $"--Hub:Peers:{link.Name}:";
        s_hub = await HubUnderTest.StartWithRulesAsync(WithTheirChannels,
            // Short retries: the outage test waits for the workers to try again by polling.
            services => services.AddSingleton(new DeliveryOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1) }),
            [.. HubExHubSettings.For(s_vhost, HubId, s_files.Path),
            $"{peer}Host", link.Host, $"{peer}Port", link.Port.ToString(CultureInfo.InvariantCulture), $"{peer}ServerName", link.ServerName!,
            $"{peer}VirtualHost", link.VirtualHost, $"{peer}ClientId", link.ClientId, $"{peer}CertificatePem", link.CertificatePem!,
            $"{peer}CertificateKeyPem", link.CertificateKeyPem!, $"{peer}CaCertificatePem", link.CaCertificatePem!, $"{peer}SendExchange", link.SendExchange,
            $"{peer}Encoding", "json", $"{peer}Serves:0", "fr.health.*",
            $"{peer}ReconnectFirstDelay", "00:00:00.200", $"{peer}ReconnectMaxDelay", "00:00:02", $"{peer}FaultPause", "00:00:00.200"]);

        s_hubEx = s_hub.App.Services.GetRequiredService<HubExOptions>();
        var clients = HubExServices.ClientsOf(s_hub.App.Services.GetRequiredService<RoutingRulesProvider>().Current);
        await TestRabbit.ImportDefinitionsAsync(HubExDefinitions.For(s_hubEx, clients), ct);
        if (!await Poll.UntilAsync(async () => (await LinksAsync(ct)).All(r => r.Connected), Wait))
            Assert.Fail($"the hub's links did not connect: {string.Join("; ", (await LinksAsync(ct)).Select(r => $"{r.Link}: {r.LastProblem}"))}");
    }

    [ClassCleanup]
    public static async Task StopTheHub()
    {
        if (s_hub is not null) await s_hub.DisposeAsync();
        if (s_hubEx is not null) await TestRabbit.CtlAsync(CancellationToken.None, "-q", "delete_vhost", s_vhost);
        if (s_hubSante is not null) await s_hubSante.DisposeAsync();
        if (s_proxy is not null) await s_proxy.DisposeAsync();
        s_files?.Dispose();
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task An_RC_EDA_for_the_SAMU_reaches_Hub_Sante_from_the_hubs_id_and_the_SAMUs_RC_REF_reaches_the_centre_on_ack()
    {
        var ct = TestContext.CancellationToken;
        await using var cic35 = await ConnectAsync(Cic35, ct);
        var distributionId = await SendCaseToTheSamuAsync(cic35, ct);

        var sent = await AtHubSanteAsync(distributionId, ct);
        Assert.AreEqual(s_hubSante.HubClientId, sent.RoutingKey, "published with the hub's id on Hub Santé as routing key");
        Assert.AreEqual(s_hubSante.HubClientId, sent.BasicProperties.UserId, "Hub Santé's broker vouches that the hub published it");
        Assert.AreEqual(DeliveryModes.Persistent, sent.BasicProperties.DeliveryMode);
        Assert.AreEqual($"{distributionId}@{Samu35}", sent.BasicProperties.MessageId);
        var forwarded = CisuCodec.Shared.Decode(sent.Body.ToArray()).Message;
        Assert.AreEqual(MessageFamilies.CaseCreation, forwarded.Family);
        Assert.AreEqual(Cic35, forwarded.Distribution!.SenderId);
        Assert.AreEqual(Samu35, forwarded.Distribution.ExplicitAddress!.Value);

        await s_hubSante.DeliverToHubAsync(ClientQueue.Ack, SamuAcknowledgement(distributionId), ct);

        var reference = await SamusAcknowledgementAsync(cic35, distributionId, ct);
        Assert.AreEqual(Cic35, reference.Distribution!.ExplicitAddress!.Value);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_message_on_the_Hub_Sante_link_from_a_gendarmerie_centre_is_refused_200_SENDER_INCONSISTENCY()
    {
        var ct = TestContext.CancellationToken;
        var distributionId = $"{Corg35}_E2E-{Guid.NewGuid():N}";
        var spoofed = PartnerMessages.Message(PartnerMessages.FireCase, Corg35, distributionId, TestClock.Now(), addressedTo: Cic35);
        spoofed.Incident!.Identity.CaseId = $"{Corg35}.E2E-{Guid.NewGuid():N}";

        await s_hubSante.DeliverToHubAsync(ClientQueue.Message, CisuCodec.Shared.Encode(spoofed, CisuEncoding.Json), ct);

        var refused = await Poll.UntilAsync(async () => (await HubSanteLinkAsync(ct)).LastRefusal?.Contains(Corg35, StringComparison.Ordinal) == true, Wait);
        Assert.IsTrue(refused, "the link reports the refusal");
        var report = await HubSanteLinkAsync(ct);
        StringAssert.StartsWith(report.LastRefusal, "200 SENDER_INCONSISTENCY");
        StringAssert.Contains(report.LastRefusal, $"authenticated as '{PeerHubExTestBroker.LinkName}'");
        Assert.AreEqual(0u, await HubExTestBroker.ReadyCountAsync(s_hubSante.HubQueue(ClientQueue.Message), ct), "refused, so acknowledged and gone");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task An_outage_of_the_Hub_Sante_link_mid_way_loses_nothing_and_sends_nothing_twice()
    {
        var ct = TestContext.CancellationToken;
        await using var cic35 = await ConnectAsync(Cic35, ct);
        var before = await SendCaseToTheSamuAsync(cic35, ct);
        await AtHubSanteAsync(before, ct);
        // Seen at the peer is not yet confirmed to the hub: a confirm lost in the outage would (rightly) resend it.
        Assert.IsTrue(await Poll.UntilAsync(async () => (await HubSanteLinkAsync(ct)).Backlog == 0, Wait), "the first case confirmed before the outage");

        s_proxy.TakeDown();
        Assert.IsTrue(await Poll.UntilAsync(async () => !(await HubSanteLinkAsync(ct)).Connected, Wait), "the link seen lost");
        var during = new[] { await SendCaseToTheSamuAsync(cic35, ct), await SendCaseToTheSamuAsync(cic35, ct) };
        await s_hubSante.DeliverToHubAsync(ClientQueue.Ack, SamuAcknowledgement(before), ct);
        Assert.IsTrue(await Poll.UntilAsync(async () => (await HubSanteLinkAsync(ct)).Backlog == during.Length, Wait),
            "the cases wait in the outbox for the link");

        s_proxy.BringUp();

        foreach (var id in during) await AtHubSanteAsync(id, ct);
        await SamusAcknowledgementAsync(cic35, before, ct);
        string[] sent = [before, .. during];
        var ours = s_atHubSante.Select(m => m.BasicProperties.MessageId!).Where(id => sent.Any(s => id.StartsWith(s, StringComparison.Ordinal))).ToList();
        // Two cases are two incidents: the hub keeps the order within an incident, not between them.
        Assert.AreEqual($"{before}@{Samu35}", ours[0], "the case confirmed before the outage first");
        CollectionAssert.AreEquivalent(sent.Select(id => $"{id}@{Samu35}").ToList(), ours, $"each once: {string.Join(", ", ours)}");
        Assert.IsTrue(await Poll.UntilAsync(async () => await HubSanteLinkAsync(ct) is { Connected: true, Backlog: 0 }, Wait), "connected again, nothing waiting");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_status_command_shows_the_hubs_own_HubEx_and_its_Hub_Sante_link()
    {
        Assert.IsTrue(await Poll.UntilAsync(async () => (await HubSanteLinkAsync(TestContext.CancellationToken)).Connected, Wait), "the link connected");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await MainCommand.InvokeAsync(["hubex", "status", "--url", s_hub.Http.BaseAddress!.ToString()], Stream.Null, stdout, stderr);

        Assert.AreEqual("", stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "LINK");
        var hubSante = lines.Single(l => l.StartsWith(PeerHubExTestBroker.LinkName, StringComparison.Ordinal));
        StringAssert.Contains(hubSante, PeerChannel.ChannelName);
        StringAssert.Contains(hubSante, $"as {s_hubSante.HubClientId}");
        Assert.IsTrue(lines.Any(l => l.StartsWith("hubex ", StringComparison.Ordinal)), "the hub's own HubEx too");
        Assert.AreEqual((await LinksAsync(TestContext.CancellationToken)).All(r => r.Connected) ? 0 : 1, exit);
    }

    /// <summary>CIC 35 shares a new case addressed to SAMU 35; returns its distribution id.</summary>
    private static async Task<string> SendCaseToTheSamuAsync(HubExTestClient cic35, CancellationToken ct)
    {
        var distributionId = $"{Cic35}_E2E-{Guid.NewGuid():N}";
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Cic35, distributionId, TestClock.Now(), addressedTo: Samu35);
        message.Incident!.Identity.CaseId = $"{Cic35}.E2E-{Guid.NewGuid():N}";
        await cic35.PublishAsync(CisuCodec.Shared.Encode(message, CisuEncoding.Json), ct);
        return distributionId;
    }

    /// <summary>The SAMU's RC-REF for <paramref name="distributionId"/>, addressed back to its sender as a SAMU sends it.</summary>
    private static byte[] SamuAcknowledgement(string distributionId)
    {
        var ack = PartnerMessages.Message("examples/RC-REF/RC-REF.json", Samu35, $"{Samu35}_ACK-{Guid.NewGuid():N}", TestClock.Now(), kind: "Ack", addressedTo: Cic35);
        ack.Acknowledgement!.AcknowledgedDistributionId = distributionId;
        return CisuCodec.Shared.Encode(ack, CisuEncoding.Json);
    }

    /// <summary>The SAMU's RC-REF for <paramref name="distributionId"/> on CIC 35's <c>.ack</c> (the hub's own RC-REFs
    /// come there too), published by the hub.</summary>
    private static async Task<CanonicalMessage> SamusAcknowledgementAsync(HubExTestClient cic35, string distributionId, CancellationToken ct)
    {
        CanonicalMessage? found = null;
        await Poll.UntilAsync(async () =>
        {
            while (await cic35.TryReceiveAsync(ClientQueue.Ack, ct) is { } received)
            {
                Assert.AreEqual(HubId, received.BasicProperties.UserId);
                var reference = CisuCodec.Shared.Decode(received.Body.ToArray()).Message;
                if (reference.Distribution!.SenderId == Samu35 && reference.Acknowledgement!.AcknowledgedDistributionId == distributionId) found = reference;
            }
            return found is not null;
        }, Wait);
        return found ?? throw new AssertFailedException($"the SAMU's RC-REF for {distributionId} did not reach {Cic35}.ack");
    }

    /// <summary>What the hub published to Hub Santé for <paramref name="distributionId"/>; everything taken from the
    /// send exchange meanwhile is kept in <see cref="s_atHubSante"/>.</summary>
    private static async Task<BasicGetResult> AtHubSanteAsync(string distributionId, CancellationToken ct)
    {
        bool Carries(BasicGetResult m) => m.BasicProperties.MessageId!.StartsWith(distributionId, StringComparison.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            while (await s_hubSante.TakeSentAsync(ct, TimeSpan.Zero) is { } sent) s_atHubSante.Add(sent);
            return s_atHubSante.Any(Carries);
        }, Wait);
        return s_atHubSante.FirstOrDefault(Carries) ?? throw new AssertFailedException($"{distributionId} did not reach Hub Santé");
    }

    private static Task<HubExTestClient> ConnectAsync(string clientId, CancellationToken ct)
    {
        var factory = TestRabbit.Client(clientId);
        factory.VirtualHost = s_vhost;
        return HubExTestClient.ConnectAsync(factory, clientId, s_hubEx.SendExchange, ct);
    }

    private static async Task<LinkReport[]> LinksAsync(CancellationToken ct) =>
        await s_hub.Http.GetFromJsonAsync<LinkReport[]>("/health/links", ct) ?? [];

    private static async Task<LinkReport> HubSanteLinkAsync(CancellationToken ct) =>
        (await LinksAsync(ct)).Single(r => r.Link == PeerHubExTestBroker.LinkName);

    /// <summary>The shipped rules with CIC 35 a client of the hub's HubEx and SAMU 35 reached through Hub Santé.</summary>
    private static string WithTheirChannels(string rules)
    {
        var document = JsonNode.Parse(rules)!;
        foreach (var partner in document["partners"]!.AsArray().Select(p => p!.AsObject()))
        {
            var (channel, address) = (string?)partner["id"] switch
            {
                Cic35 => ("hubex", Cic35),
                Samu35 => (PeerChannel.ChannelName, PeerHubExTestBroker.LinkName),
                _ => (null, null),
            };
            if (channel is null) continue;
            partner["channel"] = channel;
            partner["address"] = address;
            partner.Remove("backupAddress");
        }
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
