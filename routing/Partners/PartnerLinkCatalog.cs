using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Routing.Partners;

/// <summary>
/// The formats and channels the host composed: a partner in the rules names one of each, and the rules are checked
/// against them when they load (a misspelt format, a channel whose settings are missing, a URL for a HubEx client id
/// are refused with their place, never found out at the first delivery).
/// </summary>
public sealed record PartnerLinkCatalog(MessageFormats Formats, PartnerChannels Channels);
