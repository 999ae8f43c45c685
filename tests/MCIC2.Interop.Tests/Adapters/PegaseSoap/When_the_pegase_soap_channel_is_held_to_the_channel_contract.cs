using MCIC2.Interop.Adapters.PegaseSoap.Channel;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Simulators.PegaseCentre;
using MCIC2.Interop.Tests.Contracts;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

/// <summary>
/// The <c>pegase-soap</c> channel held to the channel contract against the Pégase centre simulator's ServicePegase
/// (SoapCore on Kestrel), which answers 503 while down. The contract's messages are acknowledgements
/// (<c>RecevoirAccuse</c>) whose <c>IdentifiantMessage</c> is the delivery id Pégase sees; Pégase receives them as
/// objects, so their bytes are compared re-serialised. A family ServicePegase has no operation for (RC-EDA) is refused
/// by the channel itself. The channel is built as the host builds it, with a short timeout.
/// </summary>
[TestClass]
public sealed class When_the_pegase_soap_channel_is_held_to_the_channel_contract : ChannelContract
{
    private PegaseCentre _pegase = null!;
    private PegaseSoapChannel _channel = null!;

    protected override IPartnerChannel Channel => _channel;

    protected override string Address => _pegase.ServiceAddress.ToString();

    protected override TimeProvider Clock => TestClock.Provider;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        _pegase = await PegaseCentre.StartAsync(time: TestClock.Provider);
        _channel = new PegaseSoapChannel(TimeSpan.FromSeconds(5));
    }

    protected override async Task StopAsync()
    {
        _channel.Dispose();
        await _pegase.DisposeAsync();
    }

    protected override Task TakeDownAsync(CancellationToken cancellationToken)
    {
        _pegase.SetDown(true);
        return Task.CompletedTask;
    }

    protected override Task BringUpAsync(CancellationToken cancellationToken)
    {
        _pegase.SetDown(false);
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<ReceivedByPartner>> ReceivedAsync(int atLeast, CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(() => _pegase.Received.Count >= atLeast, TimeSpan.FromSeconds(20));
        return [.. _pegase.Received.Select(c => new ReceivedByPartner(c.Message.IdentifiantMessage, PegaseXml.Write((Accuse)c.Message)))];
    }

    protected override OutgoingMessage Refusable(OutgoingMessage message) => message with { Family = MessageFamilies.CaseCreation };

    protected override OutgoingMessage Message(string deliveryId) =>
        base.Message(deliveryId) with { Family = MessageFamilies.Reference, ContentType = "application/xml" };

    protected override byte[] Body(string id) => PegaseXml.Write(new Accuse
    {
        IdentifiantMessage = id, NumeroFiche = "035-2026-0000042", ReferenceHub = "incident-1", Emetteur = "fr.fire.sdis35",
        DateEmission = new DateTime(2026, 3, 29, 2, 30, 0, DateTimeKind.Unspecified), DistributionAcquittee = $"fr.police.mcic2_{id}",
    });
}
