using System.Net;
using MCIC2.Interop.Adapters.HubEx.Peers;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Tests.HubEx.Peers;

/// <summary>
/// The peer channel (<c>hubex-peer</c>) held to the channel contract on the test RabbitMQ, over TLS with EXTERNAL: the
/// hub is a client of a peer HubEx provisioned for the test, reached through a loopback relay the outage tests cut.
/// What the hub sends is read from the peer's send exchange (its dispatcher queue). Inbound, a SAMU client of the peer
/// publishes to the peer's send exchange, the test forwards that message to the hub's <c>.message</c> queue as the
/// peer's dispatcher does, and the link hands it to an intake double.
/// </summary>
[TestClass]
public sealed class When_the_peer_channel_is_held_to_the_channel_contract : InboundChannelContract
{
    private LoopbackProxy _proxy = null!;
    private PeerHubExTestBroker _broker = null!;
    private PeerChannel _channel = null!;
    private HubExTestClient _samu = null!;
    private readonly RecordingIntake _intake = new();
    private readonly List<ReceivedByPartner> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    protected override IPartnerChannel Channel => _channel;

    protected override string Address => PeerHubExTestBroker.LinkName;

    protected override TimeProvider Clock => TimeProvider.System;

    protected override string InboundPartner => _samu.Id;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        _proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, new Uri(TestServices.RabbitMqTlsUri).Port));
        _broker = new PeerHubExTestBroker(linkPort: _proxy.Port);
        var samu = _broker.Peer.ClientId("samu35", force: "health");
        await _broker.ProvisionAsync(cancellationToken, samu);
        _channel = new PeerChannel([new PeerLink(_broker.Link, TestLinks.Formats, Clock)]);
        _receiving = _channel.ReceiveAsync(_intake, _stop.Token);
        _samu = await HubExTestClient.ConnectAsync(_broker.Peer, samu, cancellationToken);
    }

    protected override async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        await _channel.DisposeAsync();
        await _samu.DisposeAsync();
        await _proxy.DisposeAsync();
        await _broker.DisposeAsync();
        _stop.Dispose();
    }

    protected override Task TakeDownAsync(CancellationToken cancellationToken)
    {
        _proxy.TakeDown();
        return Task.CompletedTask;
    }

    protected override Task BringUpAsync(CancellationToken cancellationToken)
    {
        _proxy.BringUp();
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<ReceivedByPartner>> ReceivedAsync(int atLeast, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(async () =>
        {
            while (await _broker.TakeSentAsync(cancellationToken, TimeSpan.Zero) is { } sent)
            {
                Assert.AreEqual(_broker.HubClientId, sent.RoutingKey, "published with the hub's id as routing key");
                _received.Add(new ReceivedByPartner(sent.BasicProperties.MessageId!, sent.Body.ToArray()));
            }
            return _received.Count >= atLeast;
        }, TimeSpan.FromSeconds(20));
        return _received;
    }

    /// <summary>Already expired: a link never sends such a message.</summary>
    protected override OutgoingMessage Refusable(OutgoingMessage message) => message with { ExpiresAt = Clock.GetUtcNow().AddMinutes(-1) };

    /// <summary>On a peer link the envelope is the framing: the peer vouches for the sender it names, having refused
    /// (403) a client publishing as another. So the SAMU sends a real case whose envelope names
    /// <paramref name="claimedSender"/> (the contract's marker body cannot carry a sender), with that routing key.</summary>
    protected override async Task<InboundMessage?> SendToTheHubAsync(string claimedSender, byte[] body, CancellationToken cancellationToken)
    {
        var distributionId = $"{claimedSender}_{Guid.NewGuid():N}";
        try
        {
            await _samu.PublishAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, claimedSender, distributionId, TestClock.Now()), cancellationToken, routingKey: claimedSender);
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == RabbitMQ.Client.Constants.AccessRefused)
        {
            return null;
        }
        Assert.IsTrue(await _broker.ForwardToHubAsync(claimedSender, ClientQueue.Message, cancellationToken), "the SAMU's message reached the peer");
        bool Carries(InboundMessage m) => System.Text.Encoding.UTF8.GetString(m.Body).Contains(distributionId, StringComparison.Ordinal);
        await Poll.WaitUntil(() => _intake.Received.Any(Carries), TimeSpan.FromSeconds(20), "the message in the intake");
        return _intake.Received.First(Carries);
    }
}
