namespace MCIC2.Interop.Routing.Audit;

/// <summary>Who did something the audit log records: an operator (the subject of their token, or the account that ran
/// <c>mcic2</c>), a partner (its id, by the message it sent), or the hub itself (a deadline it acted on).</summary>
public enum ActorKind { Operator, Partner, Hub }

/// <summary>One line of the audit log: who, when (the hub's clock), what, on which incident and on what in it.</summary>
/// <param name="Action">What was done, one of <see cref="AuditActions"/>.</param>
/// <param name="Target">What the action was on besides the incident: a delivery, a message, a search's criteria.</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    ActorKind ActorKind,
    string Action,
    string? IncidentKey = null,
    string? Target = null,
    string? Detail = null);

/// <summary>An audit entry as stored, with its place in the log (never reused, never changed).</summary>
public sealed record StoredAuditEntry(long Sequence, AuditEntry Entry);

/// <summary>Which entries to list, newest first; every part given must match.</summary>
public sealed record AuditQuery(string? IncidentKey = null, string? Actor = null, int Limit = AuditQuery.DefaultLimit)
{
    public const int DefaultLimit = 500;
}

/// <summary>The actions the log records.</summary>
public static class AuditActions
{
    public const string IncidentRead = "incident.read";
    public const string IncidentMessagesRead = "incident.messages.read";
    public const string MessageRead = "message.read";
    public const string IncidentsSearched = "incidents.searched";
    public const string IncidentChanged = "incident.changed";
    public const string DeadLetterRead = "dead-letter.read";
    public const string DeadLetterReplayed = "dead-letter.replayed";
    public const string DeadLetterEdited = "dead-letter.edited";
    public const string DeadLetterDiscarded = "dead-letter.discarded";
    public const string RulesRead = "rules.read";
    public const string RulesChanged = "rules.changed";
    public const string RulesReloaded = "rules.reloaded";
}

/// <summary>
/// The audit log: append-only. There is deliberately no way here to change or remove an entry, and the store refuses
/// it besides (a trigger on the table), so a trace cannot be erased through the hub.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredAuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
