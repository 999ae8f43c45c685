using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Handovers;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>What applying a message (or a deadline) to an incident came to. Closed: one of the four below.</summary>
public abstract record ApplyOutcome
{
    private ApplyOutcome() { }

    /// <summary>The incident changed: save <paramref name="Incident"/> (its version is the stored one + 1) and carry
    /// out <paramref name="Actions"/> (handover escalations) in the same transaction.</summary>
    public sealed record Applied(StoredIncident Incident, IReadOnlyList<string> Changes, IReadOnlyList<HandoverAction> Actions) : ApplyOutcome
    {
        public Applied(StoredIncident incident, IReadOnlyList<string> changes) : this(incident, changes, []) { }
    }

    /// <summary>Nothing to change (a message already applied, an acknowledgement that names no handover, a GEO
    /// message): do not save; acknowledge the sender as usual.</summary>
    public sealed record Unchanged(string Reason) : ApplyOutcome;

    /// <summary>The message needs a case that does not exist yet: keep it, and apply it again once a message for
    /// <paramref name="WaitingForKey"/> has been applied.</summary>
    public sealed record Held(string WaitingForKey, string Reason) : ApplyOutcome;

    /// <summary>Refused: answer the sender RS-ERROR with this code; the incident is untouched.</summary>
    public sealed record Rejected(HubErrorCode Code, string Path, string Reason) : ApplyOutcome;
}
