using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Handovers;

/// <summary>
/// The life of a handover (to the other force) or of a request for assistance (to SDIS or SAMU):
/// Sent → (RC-REF) Acknowledged → (answer) Accepted | Refused | Partial; past a deadline, Escalated (resent to the
/// backup address) then OperatorAlerted. Every step is appended to the handover's history.
/// <para>No clock and no I/O: the time is passed in, the actions are returned. The methods change the incident
/// they are given, which the caller saves (the ledger passes its working copy).</para>
/// </summary>
public static class HandoverProcess
{
    /// <summary>
    /// Starts a handover sent in delivery <paramref name="deliveryId"/>. Its id is the request id for a request for
    /// assistance (so that the EMSI answer naming the request finds it), else the delivery id. Starting one that
    /// exists returns it unchanged.
    /// </summary>
    public static Handover Start(Incident incident, HandoverKind kind, string from, string to, string? reason,
        string deliveryId, DateTimeOffset now, HandoverOptions options, string? assistanceRequestId = null)
    {
        var id = assistanceRequestId ?? deliveryId;
        if (incident.Handovers.FirstOrDefault(h => h.Id == id) is { } existing) return existing;
        var handover = new Handover
        {
            Id = id,
            Kind = kind,
            FromPartner = from,
            ToPartner = to,
            Reason = reason,
            RequestedAt = now,
            DeliveryId = deliveryId,
        };
        Step(handover, HandoverState.Sent, now, now + options.AckTimeout, $"sent to {to}");
        incident.Handovers.Add(handover);
        return handover;
    }

    /// <summary>The partner acknowledged delivery <paramref name="deliveryId"/>: now waiting for its answer.
    /// Null when no handover waits for that acknowledgement (already acknowledged or answered).</summary>
    public static Handover? OnAcknowledged(Incident incident, string deliveryId, DateTimeOffset now, HandoverOptions options)
    {
        var handover = incident.Handovers.FirstOrDefault(h => h.DeliveryId == deliveryId && h.State is HandoverState.Sent or HandoverState.Escalated);
        if (handover is null) return null;
        Step(handover, HandoverState.Acknowledged, now, now + options.AnswerTimeout, "acknowledged");
        return handover;
    }

    /// <summary>
    /// The partner answered. A divergent answer (something other than what was asked) is recorded as partial: the
    /// requester has an answer to act on, and the reason says what was proposed. A partial answer may be followed by
    /// a full one; an acceptance or refusal is final. Null when there is no such handover or it is already final.
    /// </summary>
    public static Handover? OnAnswer(Incident incident, string handoverId, AssistanceAnswerKind answer, string? reason, DateTimeOffset now)
    {
        var handover = incident.Handovers.FirstOrDefault(h => h.Id == handoverId);
        if (handover is null || handover.State is HandoverState.Accepted or HandoverState.Refused) return null;
        var (state, note) = answer switch
        {
            AssistanceAnswerKind.Accepted => (HandoverState.Accepted, "accepted"),
            AssistanceAnswerKind.Refused => (HandoverState.Refused, "refused"),
            AssistanceAnswerKind.Partial => (HandoverState.Partial, "partially accepted"),
            _ => (HandoverState.Partial, "divergent answer"),
        };
        handover.AnswerReason = reason;
        Step(handover, state, now, null, reason is null ? note : $"{note}: {reason}");
        return handover;
    }

    /// <summary>
    /// Acts on every handover whose deadline has passed: the first time it is resent to the partner's backup
    /// address, the second time an operator is alerted (and the hub stops waiting: DueAt null).
    /// </summary>
    public static IReadOnlyList<HandoverAction> OnDue(Incident incident, DateTimeOffset now, HandoverOptions options)
    {
        var actions = new List<HandoverAction>();
        foreach (var handover in incident.Handovers.Where(h => h.DueAt is { } due && due <= now))
        {
            var waitingFor = handover.State == HandoverState.Sent ? "acknowledgement" : "answer";
            if (handover.History.All(s => s.State != HandoverState.Escalated))
            {
                Step(handover, HandoverState.Escalated, now, now + options.EscalationTimeout, $"no {waitingFor} in time: resent to the backup address of {handover.ToPartner}");
                actions.Add(new ResendToBackup(handover.Id, handover.ToPartner));
            }
            else
            {
                Step(handover, HandoverState.OperatorAlerted, now, null, $"still no {waitingFor}: operator alerted");
                actions.Add(new AlertOperator(handover.Id,
                    $"{Describe(handover.Kind)} {handover.Id} to {handover.ToPartner} sent at {handover.RequestedAt:u}: no {waitingFor}, even at the backup address. Phone the partner."));
            }
        }
        return actions;
    }

    /// <summary>The earliest deadline among the incident's handovers: when the pipeline should call <see cref="OnDue"/>.</summary>
    public static DateTimeOffset? NextDueAt(Incident incident) =>
        incident.Handovers.Where(h => h.DueAt is not null).Min(h => h.DueAt);

    private static void Step(Handover handover, HandoverState state, DateTimeOffset now, DateTimeOffset? dueAt, string note)
    {
        handover.State = state;
        handover.DueAt = dueAt;
        handover.History.Add(new HandoverStep { At = now, State = state, Note = note });
    }

    private static string Describe(HandoverKind kind) =>
        kind == HandoverKind.AssistanceRequest ? "Request for assistance" : "Incident handover";
}
