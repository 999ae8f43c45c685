using System.Net;
using System.Text;
using MCIC2.Interop.Adapters.HubEx.Dispatching;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.Support;
using RabbitMQ.Client.Exceptions;

namespace MCIC2.Interop.Tests.HubEx;

/// <summary>
/// The HubEx channel held to the channel contract on the test RabbitMQ, over TLS with EXTERNAL. The hub reaches the
/// broker through a loopback relay that the outage tests cut; the partner is a client reading its <c>.message</c>
/// queue directly. Inbound, the dispatcher runs on an intake double and a second client publishes.
/// </summary>
[TestClass]
public sealed class When_the_hubex_channel_is_held_to_the_channel_contract : InboundChannelContract
{
    private LoopbackProxy _proxy = null!;
    private HubExTestBroker _broker = null!;
    private HubExChannel _channel = null!;
    private HubExDispatcher _dispatcher = null!;
    private HubExTestClient _recipient = null!;
    private HubExTestClient _sender = null!;
    private readonly RecordingIntake _intake = new();
    private readonly List<ReceivedByPartner> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _dispatching = Task.CompletedTask;

    protected override IPartnerChannel Channel => _channel;

    protected override string Address => _recipient.Id;

    protected override TimeProvider Clock => TimeProvider.System;

    protected override string InboundPartner => _sender.Id;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        _proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, new Uri(TestServices.RabbitMqTlsUri).Port));
        _broker = new HubExTestBroker(port: _proxy.Port);
        var (recipient, sender) = (_broker.ClientId("cic35"), _broker.ClientId("cic69"));
        await _broker.ProvisionAsync(cancellationToken, recipient, sender);
        _channel = new HubExChannel(_broker.Options, Clock);
        _dispatcher = new HubExDispatcher(_broker.Options, _channel, Clock);
        _dispatching = _dispatcher.ReceiveAsync(_intake, _stop.Token);
        _recipient = await HubExTestClient.ConnectAsync(_broker, recipient, cancellationToken);
        _sender = await HubExTestClient.ConnectAsync(_broker, sender, cancellationToken);
    }

    protected override async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _dispatching;
        await _dispatcher.DisposeAsync();
        await _channel.DisposeAsync();
        await _recipient.DisposeAsync();
        await _sender.DisposeAsync();
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
            while (await _recipient.TryReceiveAsync(ClientQueue.Message, cancellationToken) is { } message)
                _received.Add(new ReceivedByPartner(message.BasicProperties.MessageId!, message.Body.ToArray()));
            return _received.Count >= atLeast;
        }, TimeSpan.FromSeconds(20));
        return _received;
    }

    /// <summary>Already expired: the HubEx never sends such a message.</summary>
    protected override OutgoingMessage Refusable(OutgoingMessage message) => message with { ExpiresAt = Clock.GetUtcNow().AddMinutes(-1) };

    protected override async Task<InboundMessage?> SendToTheHubAsync(string claimedSender, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            await _sender.PublishAsync(body, cancellationToken, routingKey: claimedSender);
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == RabbitMQ.Client.Constants.AccessRefused)
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(body);
        await Poll.WaitUntil(() => _intake.Received.Any(m => Encoding.UTF8.GetString(m.Body) == text), TimeSpan.FromSeconds(20), "the message in the intake");
        return _intake.Received.First(m => Encoding.UTF8.GetString(m.Body) == text);
    }
}
