using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.Simulators.PeerHubEx;

/// <summary>
/// A health HubEx simulator of its own for a test: a fresh vhost (so runs never meet; deleted at the end), its
/// definitions imported with rabbitmqctl as an operator does, the simulator logged in by a certificate minted for its
/// id, on a fake clock set to <see cref="PartnerMessages.Morning"/> (the messages are dated from it).
/// </summary>
public sealed class TestPeerHubEx : IAsyncDisposable
{
    public const string HubId = "fr.health.hub";
    public const string Samu35 = "fr.health.samu35";
    public const string Samu69 = "fr.health.samu69";
    public const string Sdis35 = "fr.fire.nexsis.sdis35";
    public const string Police = "fr.police.mcic2";

    private readonly TempDirectory _files = new("mcic2-peer-hubex-");

    private TestPeerHubEx(PeerHubExSettings settings) => Settings = settings;

    public PeerHubExSettings Settings { get; }

    public FakeTimeProvider Time { get; } = new(PartnerMessages.Morning);

    public PeerHubExSimulator Simulator { get; private set; } = null!;

    /// <summary>The amqps URI of the vhost, for the pika client.</summary>
    public string VhostUri => new UriBuilder(TestServices.RabbitMqTlsUri) { Path = Uri.EscapeDataString(Settings.VirtualHost) }.Uri.ToString();

    public string AuthorityFile => Path.Combine(TestServices.RabbitMqCaDirectory, "ca.crt");

    /// <summary>Hub Santé's names; RC-RI left out of the use cases so that a 301 can be seen.</summary>
    public static async Task<TestPeerHubEx> StartAsync(CancellationToken cancellationToken)
    {
        var hub = new TestPeerHubEx(new PeerHubExSettings
        {
            Force = "health",
            HubId = HubId,
            VirtualHost = $"peer-hubex-test-{Guid.NewGuid():N}"[..26],
            UseCases = ["RC-DE", "RC-EDA", "RC-REF", "EMSI", "RS-ERROR"],
            Clients = [new(Samu35), new(Samu69, CisuEncoding.Json), new(Sdis35), new(Police, CisuEncoding.Json)],
        });
        var definitions = PeerHubExDefinitions.For(hub.Settings);
        // The test's administrator inspects the queues of the fresh vhost.
        var administrator = Uri.UnescapeDataString(new Uri(TestServices.RabbitMqUri).UserInfo.Split(':')[0]);
        definitions["permissions"]!.AsArray().Add(new JsonObject
        {
            ["user"] = administrator, ["vhost"] = hub.Settings.VirtualHost, ["configure"] = ".*", ["write"] = ".*", ["read"] = ".*",
        });
        await TestRabbit.ImportDefinitionsAsync(definitions, cancellationToken);
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(HubId), hub._files.Path);
        var tls = new Uri(TestServices.RabbitMqTlsUri);
        var connection = new PeerHubExConnection(new Uri($"amqps://{tls.Host}:{tls.Port}"), hub.AuthorityFile, certificate, key, TestServices.RabbitMqCtl);
        try
        {
            hub.Simulator = await PeerHubExSimulator.StartAsync(hub.Settings, connection, hub.Time, cancellationToken);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
        return hub;
    }

    /// <summary>A client of this HubEx on RabbitMQ.Client: its certificate, EXTERNAL, this vhost.</summary>
    public Task<HubExTestClient> ConnectAsync(string clientId, CancellationToken cancellationToken) =>
        HubExTestClient.ConnectAsync(Factory(clientId), clientId, Settings.SendExchange, cancellationToken);

    public ConnectionFactory Factory(string clientId)
    {
        var factory = TestRabbit.Client(clientId);
        factory.VirtualHost = Settings.VirtualHost;
        factory.AutomaticRecoveryEnabled = false;
        return factory;
    }

    /// <summary>How many messages wait in <paramref name="queue"/>, as the administrator sees it.</summary>
    public async Task<uint> ReadyCountAsync(string queue, CancellationToken cancellationToken)
    {
        var factory = TestRabbit.Administrator();
        factory.VirtualHost = Settings.VirtualHost;
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    /// <summary>A corpus example as <paramref name="senderId"/> sends it to <paramref name="recipientId"/>, dated from the fake clock.</summary>
    public byte[] Message(string example, string senderId, string recipientId, string internalId, string kind = "Report",
        CisuEncoding encoding = CisuEncoding.Json, TimeSpan? expiresIn = null)
    {
        var message = PartnerMessages.Message(example, senderId, $"{senderId}_{internalId}", Time.GetUtcNow(), kind, recipientId);
        message.Distribution!.ExpiresAt = Time.GetUtcNow().Add(expiresIn ?? TimeSpan.FromDays(1));
        return CisuCodec.Shared.Encode(message, encoding);
    }

    /// <summary>The <c>error</c> of an RS-ERROR in its JSON form.</summary>
    public static JsonNode ErrorOf(byte[] body) =>
        JsonNode.Parse(body)!["content"]![0]!["jsonContent"]!["embeddedJsonContent"]!["message"]!["error"]!;

    /// <summary>The JSON envelope of <paramref name="body"/>, to edit into a faulty message.</summary>
    public static JsonObject Envelope(byte[] body) => (JsonObject)JsonNode.Parse(body)!;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Simulator is not null) await Simulator.DisposeAsync();
            await TestRabbit.CtlAsync(CancellationToken.None, "-q", "delete_vhost", Settings.VirtualHost);
        }
        finally
        {
            _files.Dispose();
        }
    }
}
