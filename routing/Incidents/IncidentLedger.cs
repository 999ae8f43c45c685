using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Handovers;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>
/// Applies partners' messages to the hub's one incident per case (step 3 "apply" of the routing pipeline).
/// <para>Pure: no I/O, no clock (the time is passed in), no randomness (hub ids come from <c>hubIdOf</c>). The
/// incident given is never modified: every change is made on a copy returned in <see cref="ApplyOutcome.Applied"/>,
/// so a rejected or failing message cannot corrupt it.</para>
/// <para>RC-EDA semantics. A case is created by an RC-EDA of kind Report. Partners re-send createCase to share what
/// changed: an RC-EDA of kind Update from any partner, or of kind Report from the partner that created the case
/// (with a sentAt not older than its last), is merged. A Report from any other partner is a second creation of the
/// case: CASE_ALREADY_EXISTS (701). A Cancel is refused (704): withdrawing a case is not decided by the hub.</para>
/// <para>Every update (RC-RI, EMSI, RC-EDA Update) for a case the hub does not know is held until the case is
/// created; a message older than the last one applied from its sender is WRONG_MESSAGE_SEQUENCE (702).</para>
/// </summary>
public sealed class IncidentLedger(HandoverOptions handoverOptions, Func<string, string> hubIdOf)
{
    public IncidentLedger() : this(HandoverOptions.Default, DefaultHubId) { }

    public IncidentLedger(HandoverOptions handoverOptions) : this(handoverOptions, DefaultHubId) { }

    /// <summary>A hub id derived from the case key: the same case gets the same id on every node and every retry.</summary>
    public static string DefaultHubId(string key) =>
        "MCIC2-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    public ApplyOutcome Apply(StoredIncident? current, CanonicalMessage message, DateTimeOffset now)
    {
        if (MessageSource.Of(message) is not { } from)
        {
            return new ApplyOutcome.Rejected(HubErrorCode.InsufficientData, "$.distribution", "a message without envelope has no sender nor sentAt to apply it by");
        }
        switch (message.Family)
        {
            case MessageFamilies.Reference:
                return Acknowledge(current, message.Acknowledgement, now);
            case MessageFamilies.CaseCreation or MessageFamilies.ResourcesInfo or MessageFamilies.Emsi:
                break;
            default:
                return new ApplyOutcome.Unchanged($"{message.Family} does not change an incident");
        }

        if (IncidentKeys.Of(message) is not { } key || message.Incident is null)
        {
            return new ApplyOutcome.Rejected(HubErrorCode.InsufficientData, "$.caseId", $"{message.Family} names no case");
        }
        if (current is not null && current.AppliedDistributionIds.Contains(from.DistributionId))
        {
            return new ApplyOutcome.Unchanged($"{from.DistributionId} was already applied");
        }
        var isCaseCreation = message.Family == MessageFamilies.CaseCreation;
        if (isCaseCreation && from.Kind == "Cancel")
        {
            return new ApplyOutcome.Rejected(HubErrorCode.InsufficientData, "$.distributionKind", "the hub does not cancel a case: tell the partners concerned directly");
        }
        var isCreation = isCaseCreation && from.Kind == "Report";

        if (current is null)
        {
            return isCreation
                ? Create(key, Stamped(message.Incident, from), from)
                : new ApplyOutcome.Held(key, $"{message.Family} for case {key}, which the hub does not know yet: held until it is created");
        }
        if (isCreation && from.Sender != current.CreatedBy)
        {
            return new ApplyOutcome.Rejected(HubErrorCode.CaseAlreadyExists, "$.createCase.caseId",
                $"case {key} was already created by {current.CreatedBy}; share changes with distributionKind Update");
        }
        if (current.LastAppliedBySender.TryGetValue(from.Sender, out var last) && from.SentAt < last)
        {
            return new ApplyOutcome.Rejected(HubErrorCode.WrongMessageSequence, "$.sentAt",
                $"sent at {from.SentAt:O}, before the last message applied from {from.Sender} ({last:O})");
        }

        var updated = Copy(current);
        var changes = new List<string>();
        var incoming = Stamped(message.Incident, from);
        switch (message.Family)
        {
            case MessageFamilies.CaseCreation:
                CaseMerge.Merge(updated.Incident, incoming, changes);
                Preserve(updated, incoming, from, MessageFamilies.CaseCreation);
                break;
            case MessageFamilies.ResourcesInfo:
                ResourceMerge.Snapshot(updated, incoming.Resources, from, changes);
                PartOrder.MergeTimeline(updated.Incident.Timeline, incoming.Timeline);
                Preserve(updated, incoming, from, MessageFamilies.ResourcesInfo);
                break;
            case MessageFamilies.Emsi:
                MergeEmsi(updated.Incident, incoming, from, now, changes);
                Preserve(updated, incoming, from, MessageFamilies.Emsi);
                break;
        }
        return Commit(updated, from, changes);
    }

    /// <summary>Starts a handover or request for assistance sent in <paramref name="deliveryId"/> (see <see cref="HandoverProcess.Start"/>).</summary>
    public ApplyOutcome StartHandover(StoredIncident current, HandoverKind kind, string from, string to, string? reason,
        string deliveryId, DateTimeOffset now, string? assistanceRequestId = null)
    {
        var id = assistanceRequestId ?? deliveryId;
        if (current.Incident.Handovers.Any(h => h.Id == id)) return new ApplyOutcome.Unchanged($"handover {id} already started");
        var updated = Copy(current);
        HandoverProcess.Start(updated.Incident, kind, from, to, reason, deliveryId, now, handoverOptions, assistanceRequestId);
        return Bumped(updated, [$"handover {id} sent to {to}"], []);
    }

    /// <summary>Escalates the incident's handovers past their deadline; the actions are for the pipeline to carry out.</summary>
    public ApplyOutcome OnDue(StoredIncident current, DateTimeOffset now)
    {
        var updated = Copy(current);
        var actions = HandoverProcess.OnDue(updated.Incident, now, handoverOptions);
        return actions.Count == 0
            ? new ApplyOutcome.Unchanged("no handover is due")
            : Bumped(updated, actions.Select(a => $"handover {a.HandoverId} {(a is ResendToBackup ? "escalated" : "raised to an operator")}").ToList(), actions);
    }

    private ApplyOutcome Create(string key, Incident incoming, MessageSource from)
    {
        var hubId = hubIdOf(key);
        var created = new StoredIncident { Key = key, HubId = hubId, CreatedBy = from.Sender };
        created.Incident.Identity.HubId = hubId;
        var changes = new List<string> { $"case {key} created by {from.Sender}" };
        CaseMerge.Merge(created.Incident, incoming, changes);
        Preserve(created, incoming, from, MessageFamilies.CaseCreation);
        if (!created.Incident.Timeline.Any(e => e.Kind == "case-created"))
        {
            PartOrder.MergeTimeline(created.Incident.Timeline, [new TimelineEntry { At = from.SentAt, Kind = "case-created", Provenance = from.Provenance }]);
        }
        return Commit(created, from, changes);
    }

    /// <summary>EMSI: references, notes, resources (not a snapshot), requests for assistance and their answers — an
    /// answer moves the matching request's handover on. The EMSI view of the place counts like any other (latest
    /// statement wins); its casualty counts are not merged (RC-EDA qualifies the case).</summary>
    private void MergeEmsi(Incident target, Incident incoming, MessageSource from, DateTimeOffset now, List<string> changes)
    {
        CaseMerge.MergeIdentity(target.Identity, incoming.Identity);
        CaseMerge.MergeLocation(target, incoming.Location, changes);
        CaseMerge.MergeNotes(target, incoming.Notes, changes);
        foreach (var resource in incoming.Resources) ResourceMerge.Upsert(target, resource, from.Sender, changes);
        foreach (var (requestId, answer) in AssistanceMerge.Merge(target, incoming.AssistanceRequests, changes))
        {
            if (HandoverProcess.OnAnswer(target, requestId, answer.Kind, answer.Reason, now) is { } handover)
            {
                changes.Add($"handover {handover.Id} {handover.State}");
            }
        }
        PartOrder.MergeTimeline(target.Timeline, incoming.Timeline);
    }

    private ApplyOutcome Acknowledge(StoredIncident? current, Acknowledgement? acknowledgement, DateTimeOffset now)
    {
        if (current is null || acknowledgement is null) return new ApplyOutcome.Unchanged("the acknowledgement names no known incident");
        // A refusal leaves the handover waiting: its deadline escalates it to the backup address, then to an operator.
        if (acknowledgement.Refused == true) return new ApplyOutcome.Unchanged($"{acknowledgement.AcknowledgedDistributionId} was refused by the partner");
        var updated = Copy(current);
        return HandoverProcess.OnAcknowledged(updated.Incident, acknowledgement.AcknowledgedDistributionId, now, handoverOptions) is { } handover
            ? Bumped(updated, [$"handover {handover.Id} acknowledged"], [])
            : new ApplyOutcome.Unchanged($"no handover waits for the acknowledgement of {acknowledgement.AcknowledgedDistributionId}");
    }

    private static ApplyOutcome Commit(StoredIncident updated, MessageSource from, List<string> changes)
    {
        updated.LastAppliedBySender[from.Sender] = updated.LastAppliedBySender.TryGetValue(from.Sender, out var last) && last > from.SentAt ? last : from.SentAt;
        updated.AppliedDistributionIds.Add(from.DistributionId);
        if (changes.Count == 0) changes.Add("nothing new");
        return Bumped(updated, changes, []);
    }

    private static ApplyOutcome.Applied Bumped(StoredIncident updated, IReadOnlyList<string> changes, IReadOnlyList<HandoverAction> actions)
    {
        updated.Version++;
        return new ApplyOutcome.Applied(updated, changes, actions);
    }

    private static void Preserve(StoredIncident target, Incident source, MessageSource from, string family)
    {
        if (!source.Preserved.TryGetValue(family, out var residue)) return;
        if (!PartOrder.IsNewer(from.Provenance, target.PreservedFrom.GetValueOrDefault(family))) return;
        target.Incident.Preserved[family] = residue;
        target.PreservedFrom[family] = from.Provenance;
    }

    /// <summary>A copy of the message's incident whose every part says it comes from this message: provenance is
    /// taken from the envelope, the one source the hub trusts for who said what and when.</summary>
    private static Incident Stamped(Incident incident, MessageSource from)
    {
        var copy = Copy(incident);
        var provenance = from.Provenance;
        if (copy.Qualification is { } q) q.Provenance = provenance;
        if (copy.Location is { } l) l.Provenance = provenance;
        foreach (var alert in copy.Alerts)
        {
            alert.Provenance = provenance;
            if (alert.Qualification is { } aq) aq.Provenance = provenance;
            if (alert.Location is { } al) al.Provenance = provenance;
        }
        foreach (var note in copy.Notes) note.Provenance = provenance;
        foreach (var resource in copy.Resources) resource.Provenance = provenance;
        foreach (var request in copy.AssistanceRequests)
        {
            request.Provenance = provenance;
            foreach (var answer in request.Answers) answer.Provenance = provenance;
        }
        foreach (var entry in copy.Timeline) entry.Provenance = provenance;
        return copy;
    }

    private static T Copy<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, CanonicalJson.Options), CanonicalJson.Options)!;
}
