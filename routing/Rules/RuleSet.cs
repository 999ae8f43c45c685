using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// One version of the routing rules, fully loaded and checked (see <see cref="RuleSetLoader"/>): never changes.
/// Deciding for a message about an incident:
/// <list type="number">
/// <item>jurisdiction — for the case families, the force competent for the incident's commune is always told: the
/// CIC of its département in police zone, the CORG in gendarmerie zone, both when the commune's zone is unknown;</item>
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
    ForceZoneTable zones,
    IReadOnlyList<NatureRule> natureRules,
    IReadOnlyList<Subscription> subscriptions,
    Confidentiality.MedicalPolicy? medicalPolicy = null) : IRoutingRules
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
    public ForceZoneTable Zones { get; } = zones;
    public IReadOnlyList<NatureRule> NatureRules { get; } = natureRules;
    public IReadOnlyList<Subscription> Subscriptions { get; } = subscriptions;

    /// <summary>Which medical fields each kind of partner receives (<c>medicalConfidentiality</c>; the shipped policy when absent).</summary>
    public Confidentiality.MedicalPolicy MedicalPolicy { get; } = medicalPolicy ?? Confidentiality.MedicalPolicy.Shipped;

    public RoutingDecision Decide(CanonicalMessage message, Incident incident, string senderId)
    {
        var recipients = new RecipientList(message.Family, senderId);
        var place = IncidentPlace.Of(incident, Communes);
        if (CaseFamilies.Contains(message.Family, StringComparer.Ordinal))
        {
            var forces = CompetentForces(place, recipients);
            ApplyNatureRules(incident.Qualification, place, forces, recipients);
        }
        ApplyExplicitAddress(message.Distribution?.ExplicitAddress, recipients);
        ApplySubscriptions(message.Family, place, recipients);
        return recipients.ToDecision();
    }

    /// <summary>Tells the forces competent for the incident's commune and returns them: the force of each zone the
    /// zone table gives the commune; when it gives none (or the commune is not in the COG), both forces of the
    /// département, since a commune left without a force is the one mistake routing must never make.</summary>
    private List<Partner> CompetentForces(IncidentPlace place, RecipientList recipients)
    {
        if (place.InseeCode is null || place.Department is null)
        {
            recipients.Note($"jurisdiction: {place.Describe()} → no competent force");
            return [];
        }
        var services = place.Commune is null ? [] : Zones.Of(place.Commune.InseeCode);
        if (services.Count == 0)
        {
            var how = place.Commune is null ? "zone unknown: both forces" : $"zone unknown (not in {Zones.File}): both forces";
            recipients.Warn($"jurisdiction: {place.Describe()} has no known force zone: both the CIC and the CORG{place.DescribeDepartment()} are told");
            return [.. TellForces(place, ForceZone.Police, how, recipients), .. TellForces(place, ForceZone.Gendarmerie, how, recipients)];
        }
        var forces = new List<Partner>();
        foreach (var zone in services.Select(s => s.Zone).Distinct())
        {
            var units = string.Join(", ", services.Where(s => s.Zone == zone && s.Service.Length > 0).Select(s => s.Service));
            var described = $"{zone.ToString().ToLowerInvariant()} zone" + (units.Length > 0 ? $" ({units})" : "");
            forces.AddRange(TellForces(place, zone, described, recipients));
        }
        return forces;
    }

    /// <summary>The CICs (police zone) or CORGs (gendarmerie zone) serving the incident's département, each offered.</summary>
    private IReadOnlyList<Partner> TellForces(IncidentPlace place, ForceZone zone, string how, RecipientList recipients)
    {
        var kind = zone == ForceZone.Police ? PartnerKind.Cic : PartnerKind.Corg;
        var forces = Partners.Serving(kind, place.Department!);
        if (forces.Count == 0) recipients.Note($"jurisdiction: {place.Describe()} → {how} → no {kind.ToString().ToUpperInvariant()} listed{place.DescribeDepartment()}");
        foreach (var force in forces) recipients.Offer(force, $"jurisdiction: {place.Describe()} → {how} → {force.Id}");
        return forces;
    }

    private void ApplyNatureRules(Qualification? qualification, IncidentPlace place, IReadOnlyList<Partner> forces, RecipientList recipients)
    {
        foreach (var rule in NatureRules.Where(r => r.Matches(qualification)))
        {
            var matched = $"{DescribeQualification(qualification)} → rule '{rule.Id}'";
            foreach (var service in rule.Services)
            {
                if (service == RoutedService.Force)
                {
                    if (forces.Count == 0) recipients.Note($"{matched} → competent force: none known for {place.Describe()}");
                    foreach (var force in forces) recipients.Offer(force, $"{matched} → competent force → {force.Id}");
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
