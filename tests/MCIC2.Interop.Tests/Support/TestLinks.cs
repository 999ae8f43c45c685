using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Tests.Support;

/// <summary>The formats and channels of a host with nothing configured but HTTP: what the shipped rules need.</summary>
public static class TestLinks
{
    public static PartnerLinkCatalog Catalog { get; } = PartnerLinkServices.Default();

    public static MessageFormats Formats => Catalog.Formats;
}
