using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// One version of the routing rules, fully loaded and checked (see <see cref="RuleSetLoader"/>): never changes.
/// Deciding for a message about an incident:
/// <list type="number">
/// <item>jurisdiction — for the case families, the force competent for the incident's commune (the CIC in police
/// zone, the CORG in gendarmerie zone) is always told;</item>
/// <item>nature rules — for the case families, every rule matching the nature, health motive and victims tells its
/// services, resolved in the incident's département;</item>
/// <item>explicit address — the partner the sender named (<c>hubex</c>);</item>
/// <item>subscriptions — partners that asked for the family in the incident's département.</item>
/// </list>
/// </summary>
public sealed class RuleSet(
    string version,
    string? hubId,
    IReadOnlyList<string> caseFamilies,
    PartnerDirectory partners,
    CommuneTable communes,
    IReadOnlyList<NatureRule> natureRules,
    IReadOnlyList<Subscription> subscriptions) : IRoutingRules
{
    public const string HubexScheme = "hubex";

    public string Version { get; } = version;

    /// <summary>The hub's own EDXL id: an explicit address to it means "route by the rules".</summary>
    public string? HubId { get; } = hubId;

    /// <summary>The hub's id when the rules name none.</summary>
    public const string DefaultHubId = "fr.police.mcic2";

    /// <summary>The families that describe the case itself; jurisdiction and nature rules route only these.</summary>
    public IReadOnlyList<string> CaseFamilies { get; } = caseFamilies;

    public PartnerDirectory Partners { get; } = partners;
    public CommuneTable Communes { get; } = communes;
    public IReadOnlyList<NatureRule> NatureRules { get; } = natureRules;
    public IReadOnlyList<Subscription> Subscriptions { get; } = subscriptions;

    public RoutingDecision Decide(CanonicalMessage message, Incident incident, string senderId)
    {
        var recipients = new RecipientList(message.Family, senderId);
        var place = IncidentPlace.Of(incident, Communes);
        if (CaseFamilies.Contains(message.Family, StringComparer.Ordinal))
        {
            var force = CompetentForce(place, recipients);
            if (force is not null) recipients.Offer(force, $"jurisdiction: {place.Describe()} → {place.Commune!.Zone.ToString().ToLowerInvariant()} zone → {force.Id}");
            ApplyNatureRules(incident.Qualification, place, force, recipients);
        }
        ApplyExplicitAddress(message.Distribution?.ExplicitAddress, recipients);
        ApplySubscriptions(message.Family, place, recipients);
        return recipients.ToDecision();
    }

    private Partner? CompetentForce(IncidentPlace place, RecipientList recipients)
    {
        if (place.Commune is null)
        {
            recipients.Note($"jurisdiction: {place.Describe()} → no competent force");
            return null;
        }
        var force = Partners.Find(place.Commune.ForceId);
        if (force is null) recipients.Note($"jurisdiction: {place.Describe()} → {place.Commune.ForceId}, not in the partner directory");
        return force;
    }

    private void ApplyNatureRules(Qualification? qualification, IncidentPlace place, Partner? force, RecipientList recipients)
    {
        foreach (var rule in NatureRules.Where(r => r.Matches(qualification)))
        {
            var matched = $"{DescribeQualification(qualification)} → rule '{rule.Id}'";
            foreach (var service in rule.Services)
            {
                if (service == RoutedService.Force)
                {
                    if (force is null) recipients.Note($"{matched} → competent force: none known for {place.Describe()}");
                    else recipients.Offer(force, $"{matched} → competent force → {force.Id}");
                    continue;
                }
                var kind = service == RoutedService.Sdis ? PartnerKind.Sdis : PartnerKind.Samu;
                var serving = place.Department is null ? [] : Partners.Serving(kind, place.Department);
                if (serving.Count == 0) recipients.Note($"{matched} → {service.ToString().ToUpperInvariant()}: none listed{place.DescribeDepartment()}");
                foreach (var partner in serving)
                {
                    recipients.Offer(partner, $"{matched} → {service.ToString().ToUpperInvariant()}{place.DescribeDepartment()} → {partner.Id}");
                }
            }
        }
    }

    private static string DescribeQualification(Qualification? qualification)
    {
        var parts = new List<string>();
        if (qualification?.Nature?.Code is { Length: > 0 } nature) parts.Add($"nature {nature}");
        if (qualification?.HealthMotive?.Code is { Length: > 0 } motive) parts.Add($"health motive {motive}");
        parts.Add(qualification?.Victims?.Count is { Length: > 0 } count ? $"victims {count}" : "victims not given");
        return string.Join(", ", parts);
    }

    private void ApplyExplicitAddress(ExplicitAddress? address, RecipientList recipients)
    {
        if (address is null || string.IsNullOrWhiteSpace(address.Value)) return;
        var named = $"explicit address {address.Scheme}:{address.Value}";
        if (!string.Equals(address.Scheme, HubexScheme, StringComparison.OrdinalIgnoreCase))
        {
            recipients.Note($"{named}: scheme not understood ({HubexScheme} expected), ignored");
        }
        else if (HubId is not null && PartnerDirectory.SameId(address.Value, HubId))
        {
            recipients.Note($"{named} is the hub itself: recipients come from the other rules");
        }
        else if (Partners.Find(address.Value.Trim()) is { } partner)
        {
            recipients.Offer(partner, $"{named} → {partner.Id}");
        }
        else
        {
            recipients.Note($"{named}: no such partner in the directory");
        }
    }

    private void ApplySubscriptions(string family, IncidentPlace place, RecipientList recipients)
    {
        if (place.Department is null) return;
        foreach (var subscription in Subscriptions.Where(s => s.Families.Contains(family, StringComparer.Ordinal)
                     && s.Departments.Contains(place.Department, StringComparer.Ordinal)))
        {
            if (Partners.Find(subscription.PartnerId) is { } partner)
            {
                recipients.Offer(partner, $"subscription: {partner.Id} wants {family} about incidents{place.DescribeDepartment()}");
            }
        }
    }
}
