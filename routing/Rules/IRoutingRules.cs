using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>Who must be told of a message, and why (each reason names the rule that matched, for the audit).</summary>
public sealed record RoutingDecision(IReadOnlyList<Partner> Recipients, IReadOnlyList<string> Reasons)
{
    public bool IsUnroutable => Recipients.Count == 0;

    /// <summary>What an operator must look at, such as a commune of no known force zone (logged as warnings).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Decides the recipients of a message about an incident (after it was applied): jurisdiction,
/// nature, explicit address, subscriptions. Never the sender itself.</summary>
public interface IRoutingRules
{
    /// <summary>The version of the rules in force (changes when the rules file is reloaded).</summary>
    string Version { get; }

    RoutingDecision Decide(CanonicalMessage message, Incident incident, string senderId);
}
