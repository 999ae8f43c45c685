using System.Net;
using System.Security.Cryptography;
using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.HubEx;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Adapters.Http;

/// <summary>
/// The HTTP channel held to the channel contract on a real hub (Kestrel, authentication required). Outbound: the
/// hub's own <see cref="HttpPartnerChannel"/>, as the host composed it, posting to the recording partner on Kestrel
/// through a loopback relay that the outage tests cut; the recorder refuses (422) for a partner it is told to refuse.
/// Inbound: the hub's <c>POST /messages</c>, a partner posting with its bearer token; a recording intake stands in for
/// the hub's. HTTP frames no sender of its own: the sender a partner claims is its envelope's <c>senderID</c>.
/// </summary>
[TestClass]
public sealed class When_the_http_channel_is_held_to_the_channel_contract : InboundChannelContract
{
    private const string Recipient = "fr.fire.sdis35";
    private const string Refusing = "fr.fire.sdis44";
    private const string Sender = "fr.health.samu35";
    private const string Token = "samu35-contract-token";

    private readonly RecordingIntake _intake = new();
    private HubUnderTest _hub = null!;
    private LoopbackProxy _proxy = null!;

    protected override IPartnerChannel Channel =>
        _hub.App.Services.GetRequiredService<PartnerChannels>().Find(HttpPartnerChannel.ChannelName)!;

    protected override string Address => AddressOf(Recipient);

    protected override TimeProvider Clock => _hub.App.Services.GetRequiredService<TimeProvider>();

    protected override string InboundPartner => Sender;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        _hub = await HubUnderTest.StartWithRulesAsync(rules => PartnerCredentials.WithToken(rules, Sender, Token),
            services => services.AddSingleton<IMessageIntake>(_intake),
            "--Hub:Intake:RequireAuthentication", "true");
        _hub.Partners.SetRefusing(Refusing, true);
        _proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Loopback, _hub.Partners.BaseAddress.Port));
    }

    protected override async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _proxy.DisposeAsync();
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
        await Poll.UntilAsync(() => ReceivedBy(Recipient).Count >= atLeast, TimeSpan.FromSeconds(20));
        return ReceivedBy(Recipient);
    }

    /// <summary>Addressed to a partner the recorder refuses (422).</summary>
    protected override OutgoingMessage Refusable(OutgoingMessage message) => message with { Address = AddressOf(Refusing) };

    protected override async Task<InboundMessage?> SendToTheHubAsync(string claimedSender, byte[] body, CancellationToken cancellationToken)
    {
        // The contract's body names the message: its digest is the distribution's own id.
        var distributionId = $"{claimedSender}_{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}";
        var message = PartnerMessages.Bytes(PartnerMessages.FireCase, claimedSender, distributionId, TestClock.Now());
        await _hub.PostAsPartnerAsync(message, Token, cancellationToken: cancellationToken);
        // The endpoint answers once the intake has given its verdict: nothing recorded is a request refused before it.
        return _intake.Received.FirstOrDefault(m => m.Body.AsSpan().SequenceEqual(message));
    }

    private string AddressOf(string partnerId) => $"http://127.0.0.1:{_proxy.Port}/partners/{partnerId}";

    private List<ReceivedByPartner> ReceivedBy(string partnerId) =>
        [.. _hub.Partners.Received.Where(r => r.PartnerId == partnerId).Select(r => new ReceivedByPartner(r.DeliveryId, r.Body))];
}
