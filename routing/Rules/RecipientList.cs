using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// The recipients of one message as the rules name them: each partner once, in the order first named, never the
/// sender, never a partner that can take the message in none of its families; every rule that named someone
/// leaves its reason, including the ones that were set aside.
/// </summary>
internal sealed class RecipientList(string family, string senderId)
{
    private readonly List<Partner> _recipients = [];
    private readonly List<string> _reasons = [];
    private readonly List<string> _warnings = [];

    public void Offer(Partner partner, string reason)
    {
        if (PartnerDirectory.SameId(partner.Id, senderId))
        {
            _reasons.Add($"{reason} — {partner.Id} is the sender: not sent back");
        }
        else if (partner.FamilyFor(family) is null)
        {
            _reasons.Add($"{reason} — {partner.Id} takes none of {family} ({string.Join(", ", partner.Families)}): not sent");
        }
        else
        {
            if (!_recipients.Any(r => PartnerDirectory.SameId(r.Id, partner.Id))) _recipients.Add(partner);
            _reasons.Add(reason);
        }
    }

    /// <summary>A rule that matched but named nobody: said, so the audit shows why a service was not told.</summary>
    public void Note(string reason) => _reasons.Add(reason);

    /// <summary>Something an operator must look at (the decision is still made): logged as a warning.</summary>
    public void Warn(string warning) => _warnings.Add(warning);

    public RoutingDecision ToDecision()
    {
        if (_recipients.Count == 0) _reasons.Add($"no recipient for this {family} message: unroutable");
        return new RoutingDecision(_recipients.ToList(), _reasons.ToList()) { Warnings = _warnings.ToList() };
    }
}
