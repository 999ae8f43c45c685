using System.Security.Claims;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>The audit log as the API writes to it: the request's operator, the hub's clock.</summary>
public sealed class OperatorAudit(SqlHubStore store, TimeProvider clock, DeliveryWorkers workers)
{
    public Task RecordAsync(ClaimsPrincipal user, string action, string? incidentKey, string? target = null, string? detail = null, CancellationToken cancellationToken = default) =>
        store.Audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), OperatorAccess.Subject(user), ActorKind.Operator, action, incidentKey, target, detail), cancellationToken);

    /// <summary>The dead-letter desk of <c>mcic2 dlq</c>, working for this operator: what they replay or discard is audited
    /// under their name, and a replay wakes its partner's worker at once.</summary>
    public DeadLetterDesk DeskFor(ClaimsPrincipal user) =>
        new(store.Outbox, clock, workers.Wake, new DeskOperator(OperatorAccess.Subject(user)));
}
