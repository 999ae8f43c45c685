using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.Adapters.PegaseSoap.Channel;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.HubHost.Pegase;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.HubHost.Links;

/// <summary>
/// The formats and channels of this host, composed from settings: every format the adapters offer; the HTTP channel
/// and Pégase's SOAP channel (<c>pegase-soap</c>) always; Kafka's with the kafka profile; the HubEx's once <c>Hub:HubEx</c> names its broker. A partner of the rules
/// names one format and one channel of these (checked when the rules load).
/// </summary>
public static class PartnerLinkServices
{
    /// <summary>The formats every host has (<c>fhir-r4</c> for health services only: the rules check who gets it).</summary>
    public static IReadOnlyList<IMessageFormat> Formats { get; } = [CisuFormat.Json, CisuFormat.Xml, CanonicalJsonFormat.Instance, FhirFormat.Instance];

    public static void AddPartnerLinks(this IServiceCollection services)
    {
        foreach (var format in Formats) services.AddSingleton(format);
        // The Pégase format reads local times against the hub's clock (a fiche dated in the future is refused).
        services.AddSingleton<IMessageFormat>(sp => new PegaseFormat(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MessageFormats(sp.GetServices<IMessageFormat>()));
        // No redirects: a 3xx is refused with its status for an operator (HttpPartnerChannel explains why).
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) });
        services.AddSingleton<IPartnerChannel>(sp => new HttpPartnerChannel(sp.GetRequiredService<HttpClient>()));
        services.AddSingleton<IPartnerChannel>(sp => new PegaseSoapChannel(sp.GetRequiredService<IConfiguration>().GetValue("Hub:Pegase:Timeout", PegaseBridge.DefaultTimeout)));
        services.AddSingleton(sp => new PartnerChannels(sp.GetServices<IPartnerChannel>()));
        services.AddSingleton(sp => new PartnerLinkCatalog(sp.GetRequiredService<MessageFormats>(), sp.GetRequiredService<PartnerChannels>()));
    }

    /// <summary>The catalog of a host with nothing configured but HTTP (tools that only read rules, tests).</summary>
    public static PartnerLinkCatalog Default(params IPartnerChannel[] moreChannels) =>
        new(new MessageFormats([.. Formats, new PegaseFormat(TimeProvider.System)]),
            new PartnerChannels([new HttpPartnerChannel(new HttpClient()), new PegaseSoapChannel(PegaseBridge.DefaultTimeout), .. moreChannels]));
}
