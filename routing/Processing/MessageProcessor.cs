using System.Security.Cryptography;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Audit;
using MCIC2.Interop.Routing.Confidentiality;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Handovers;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.Routing.Processing;

/// <summary>
/// Step 3 of the pipeline (docs/routing.md): one accepted message, one store transaction — deduplicate, apply to
/// the incident, decide recipients, translate for each, enqueue the deliveries and the sender's RC-REF (or its
/// RS-ERROR). A crash anywhere leaves all of it or none of it; processing the message again gives the same result.
/// Messages are read and written through the formats of the seam: each partner gets its own format.
/// </summary>
public sealed class MessageProcessor(IHubStore store, IncidentLedger ledger, RoutingRulesProvider rules, MessageFormats formats, TimeProvider time)
{
    /// <summary>How long a message may wait for its case before its sender is told WRONG_MESSAGE_SEQUENCE.</summary>
    public TimeSpan HoldLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>When set (Kafka profile), every incident change is also enqueued for this feed, in the same
    /// transaction as the change: published after a crash too, in order, never before it is committed.</summary>
    public IncidentChangeFeed? IncidentChanges { get; init; }

    /// <param name="formatName">The format the bytes are in (the intake found it from their content type).</param>
    public async Task<ProcessingResult> ProcessAsync(byte[] body, string formatName, CancellationToken cancellationToken = default)
    {
        // The intake validated these bytes before accepting them; they stay the record of what was received.
        var format = FormatNamed(formatName);
        var message = format.Decode(body);
        var source = message.Distribution ?? throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$", "routing needs an EDXL-DE envelope");
        var now = time.GetUtcNow();
        return await store.InTransactionAsync(async tx =>
        {
            var step = NewStep(tx, message, source, now, body, format);
            if (!await tx.RecordReceivedAsync(new ReceivedMessage(source.DistributionId, source.SenderId, message.Family, step.IncidentKey, now, format.Name, format.ContentType, body)))
            {
                return await AlreadyReceived(step, await tx.FindReceivedAsync(source.DistributionId));
            }
            return message.Family switch
            {
                MessageFamilies.Reference => await AcknowledgementReceived(step),
                MessageFamilies.Error => await ErrorReceived(step),
                _ when step.IncidentKey is null => await Route(step, new Incident()),
                _ => await ApplyAndRoute(step),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// A message is the same one again only from the same sender with the same bytes (a resend, a redelivery, the
    /// bus's copy after a crash): nothing is done twice. The same id over other bytes is another message under a
    /// used id: refused, its sender told — never dropped silently, never applied over the first.
    /// </summary>
    private static async Task<ProcessingResult> AlreadyReceived(Step step, ReceivedMessage? first)
    {
        var id = step.Source.DistributionId;
        if (first is not null && PartnerDirectory.SameId(first.SenderId, step.Source.SenderId) && first.Body.AsSpan().SequenceEqual(step.Body))
            return new ProcessingResult(ProcessingVerdict.Duplicate, $"{id} was already received", []);
        // One error per distinct message that re-used the id: each tells its sender.
        var digest = Convert.ToHexStringLower(SHA256.HashData(step.Body))[..16];
        return await Refuse(step, HubErrorCode.InvalidMessage,
            $"$.distributionID: '{id}' names another message{(first is null ? "" : $", received at {first.ReceivedAt:O}")}: a distribution id is used once, so this one is not processed",
            about: digest);
    }

    /// <summary>
    /// A message the hub accepted but cannot process (a failure retrying cannot fix, or the bus out of retries): kept
    /// as a dead letter of the routing queue (<see cref="UnprocessedMessages"/>, its original bytes, replayable once the
    /// cause is fixed) and its sender told, in one transaction. Idempotent: both ids derive from the message.
    /// </summary>
    public async Task<ProcessingResult> DeadLetterAsync(AcceptedMessage accepted, ProcessingFailure failure, CancellationToken cancellationToken = default)
    {
        var format = FormatNamed(accepted.Format ?? formats.ForContentType(accepted.ContentType).Name);
        // The message if it can still be read (to answer in kind, about its incident); else what the bus recorded of it.
        var read = MessageOf(format, accepted.Body);
        var message = read ?? new CanonicalMessage
        {
            Family = accepted.Family,
            Distribution = new Distribution { DistributionId = accepted.DistributionId, SenderId = accepted.SenderId, Status = "Actual", Kind = "Report" },
        };
        var source = message.Distribution!;
        var deliveryId = OutgoingMessages.DeliveryId(accepted.DistributionId, UnprocessedMessages.QueueId);
        var now = time.GetUtcNow();
        return await store.InTransactionAsync(async tx =>
        {
            var step = NewStep(tx, message, source, now, accepted.Body, format);
            var error = failure.Error;
            try
            {
                await Reply(step, OutgoingMessages.Error(source, step.HubId, failure.Code, failure.Cause, now, about: deliveryId));
            }
            catch (Exception untold) when (!RetryPolicy.IsTransient(untold))
            {
                // The reply failed while being written, before any SQL: the dead letter is kept all the same.
                error += $"; its sender could not be told: {UncarriableText.Printable(untold.Message)}";
            }
            await tx.DeadLetterAsync(new PendingDelivery(deliveryId, UnprocessedMessages.QueueId, accepted.IncidentKey, accepted.DistributionId, accepted.Family,
                format.Name, format.ContentType, source.Kind, accepted.Body, now, read?.Distribution?.ExpiresAt), error);
            return step.Result(ProcessingVerdict.Refused, error);
        }, cancellationToken);
    }

    private static CanonicalMessage? MessageOf(IMessageFormat format, byte[] body)
    {
        try
        {
            return format.Decode(body) is { Distribution: not null } message ? message : null;
        }
        catch (Exception unreadable) when (!RetryPolicy.IsTransient(unreadable))
        {
            return null;
        }
    }

    private async Task<ProcessingResult> ApplyAndRoute(Step step)
    {
        var key = step.IncidentKey!;
        var current = await step.Tx.FindIncidentAsync(key);
        switch (ledger.Apply(current, step.Message, step.Now))
        {
            case ApplyOutcome.Applied applied:
                await step.Save(applied.Incident);
                var routed = await Route(step, applied.Incident.Incident, applied.Incident);
                await ReleaseHeld(step, key);
                return routed;
            case ApplyOutcome.Unchanged unchanged:
                await Reply(step, OutgoingMessages.Acknowledgement(step.Source, step.HubId, step.Now));
                return step.Result(ProcessingVerdict.Recorded, unchanged.Reason);
            case ApplyOutcome.Held held:
                // Kept until its case arrives (then applied in order), or until HoldLimit (then WRONG_MESSAGE_SEQUENCE).
                await step.Tx.HoldAsync(new HeldMessage(step.Source.DistributionId, held.WaitingForKey, step.Now, held.Reason, step.Format.Name, step.Format.ContentType, step.Body));
                return step.Result(ProcessingVerdict.Held, held.Reason);
            case ApplyOutcome.Rejected rejected:
                return await Refuse(step, rejected.Code, $"{rejected.Path}: {rejected.Reason}");
            default:
                throw new InvalidOperationException("unknown apply outcome");
        }
    }

    /// <summary>The case now exists: the messages that waited for it are applied, in the order they arrived.</summary>
    private async Task ReleaseHeld(Step step, string key)
    {
        foreach (var held in await step.Tx.TakeHeldAsync(key))
        {
            var format = FormatNamed(held.Format);
            await ApplyAndRoute(step.For(format.Decode(held.Body), held.Body, format));
        }
    }

    /// <summary>Gives up on messages whose case never came: each sender is told WRONG_MESSAGE_SEQUENCE.</summary>
    public async Task<int> GiveUpOnStaleHeldAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await store.InTransactionAsync(async tx =>
        {
            var stale = await tx.HeldSinceAsync(now - HoldLimit);
            foreach (var held in stale)
            {
                var format = FormatNamed(held.Format);
                var message = format.Decode(held.Body);
                var step = NewStep(tx, message, message.Distribution!, now, held.Body, format);
                await Refuse(step, HubErrorCode.WrongMessageSequence, $"{held.Reason}; case {held.WaitingFor} did not arrive within {HoldLimit}");
                await tx.ReleaseHeldAsync(held.DistributionId);
            }
            return stale.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// Handovers past their deadline: the first time the handover is resent to the partner's backup address, the
    /// second time an operator must act. Returns the operator alerts (the host raises them).
    /// </summary>
    public async Task<IReadOnlyList<AlertOperator>> EscalateDueHandoversAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await store.InTransactionAsync(async tx =>
        {
            var alerts = new List<AlertOperator>();
            foreach (var key in await tx.IncidentsWithHandoversDueAsync(now))
            {
                if (await tx.FindIncidentAsync(key) is not { } current || ledger.OnDue(current, now) is not ApplyOutcome.Applied applied) continue;
                await tx.SaveIncidentAsync(applied.Incident);
                await tx.AuditAsync(new AuditEntry(now, HubActor, ActorKind.Hub, AuditActions.IncidentChanged, key,
                    Detail: $"version {applied.Incident.Version}: a handover's deadline passed"));
                foreach (var action in applied.Actions)
                {
                    if (action is AlertOperator alert) alerts.Add(alert);
                    else if (action is ResendToBackup resend) await ResendToBackupAsync(tx, applied.Incident, resend, now);
                }
            }
            return alerts;
        }, cancellationToken);
    }

    private static async Task ResendToBackupAsync(IHubTransaction tx, StoredIncident incident, ResendToBackup resend, DateTimeOffset now)
    {
        var handover = incident.Incident.Handovers.Single(h => h.Id == resend.HandoverId);
        if (handover.DeliveryId is null || await tx.FindDeliveryAsync(handover.DeliveryId) is not { } original) return;
        // Same body, so the same EDXL distribution id inside: the partner recognises it if the first one did arrive
        // after all. The outbox row needs an id of its own; where it goes is the row's Role, not its id.
        await tx.EnqueueDeliveryAsync(original with
        {
            DeliveryId = OutgoingMessages.BackupDeliveryId(original.DeliveryId),
            Role = AddressRole.Backup,
            CreatedAt = now,
        });
    }

    /// <summary>
    /// A delivery the hub gave up on (expired, or dead-lettered): the partner who sent the message is told, with
    /// EXPIRED_MESSAGE_BEFORE_ROUTING or DEAD_LETTER_QUEUED. Idempotent: the error's id derives from the delivery.
    /// </summary>
    public async Task ReportUndeliveredAsync(StoredDelivery delivery, HubErrorCode code, string cause, CancellationToken cancellationToken = default)
    {
        // The hub's own replies and published changes are not reported back: that would loop.
        if (delivery.Delivery.Family is MessageFamilies.Reference or MessageFamilies.Error || delivery.Delivery.PartnerId == IncidentChanges?.Id) return;
        var format = FormatNamed(delivery.Delivery.Format);
        var message = format.Decode(delivery.Delivery.Body);
        var source = message.Distribution!;
        var now = time.GetUtcNow();
        await store.InTransactionAsync(async tx =>
        {
            var step = new Step(tx, rules.Current, message, source, now, delivery.Delivery.Body, format, formats);
            // A replay of a message the hub could not process: the operator's error stays the operator's.
            var told = delivery.Delivery.PartnerId != UnprocessedMessages.QueueId ? $"not delivered to {delivery.Delivery.PartnerId}: {cause}"
                : $"not processed on replay: {(code == HubErrorCode.DeadLetterQueued ? UnprocessedMessages.KeptForAnOperator : cause)}";
            await Reply(step, OutgoingMessages.Error(source, step.HubId, code, told, now, about: delivery.Delivery.DeliveryId));
            return step.Result(ProcessingVerdict.Refused, cause);
        }, cancellationToken);
    }

    private async Task<ProcessingResult> Route(Step step, Incident incident, StoredIncident? stored = null)
    {
        var decision = step.Rules.Decide(step.Message, incident, step.Source.SenderId);
        if (decision.IsUnroutable)
        {
            return await Refuse(step, HubErrorCode.UnroutableMessage, $"no partner must receive this {step.Message.Family}: {string.Join("; ", decision.Reasons)}");
        }
        var key = stored?.Key ?? step.Source.DistributionId;
        var failures = new List<string>();
        foreach (var partner in decision.Recipients)
        {
            var family = partner.FamilyFor(step.Message.Family);
            if (family is null)
            {
                failures.Add($"{partner.Id} speaks none of what {step.Message.Family} translates to");
                continue;
            }
            try
            {
                var format = FormatNamed(partner.Format);
                var told = OutgoingMessages.ReaddressedTo(step.Message, partner);
                // What this recipient may not know of the victims' health is withheld from its copy only.
                told.Incident = WithheldMedicalData.For(told.Incident, partner, step.Rules.MedicalPolicy);
                var body = format.Encode(told, family);
                var deliveryId = OutgoingMessages.DeliveryId(step.Source.DistributionId, partner.Id);
                await step.Enqueue(new PendingDelivery(deliveryId, partner.Id, key, step.Source.DistributionId, family, format.Name, format.ContentType,
                    step.Source.Kind, body, step.Now, step.Source.ExpiresAt));
                if (stored is not null && HandoverKindFor(step, partner) is { } kind)
                {
                    stored = await StartHandover(step, stored, kind, partner, deliveryId, decision);
                }
            }
            catch (MessageRejectedException e)
            {
                // The problem may quote the very character that could not be written: the sender's reply must carry it.
                failures.Add($"{partner.Id}: {UncarriableText.Printable(e.Problems[0].ToString())}");
            }
        }
        if (failures.Count > 0)
        {
            // The others were served; the sender learns which partner could not be, and why.
            await Reply(step, OutgoingMessages.Error(step.Source, step.HubId, HubErrorCode.MessageConversionError, string.Join("; ", failures), step.Now));
        }
        await Reply(step, OutgoingMessages.Acknowledgement(step.Source, step.HubId, step.Now));
        return step.Result(ProcessingVerdict.Routed, string.Join("; ", decision.Reasons));
    }

    /// <summary>A case handed to the other force (police ⇄ gendarmerie) or a request for assistance to SDIS/SAMU.</summary>
    private static HandoverKind? HandoverKindFor(Step step, Partner recipient)
    {
        var senderKind = step.Rules.Partners.Find(step.Source.SenderId)?.Kind;
        var forces = new[] { PartnerKind.Cic, PartnerKind.Corg };
        if (step.Message.Family == MessageFamilies.CaseCreation && step.Source.Kind == "Report"
            && senderKind is { } s && forces.Contains(s) && forces.Contains(recipient.Kind) && s != recipient.Kind)
        {
            return HandoverKind.IncidentHandover;
        }
        if (step.Message.Family == MessageFamilies.Emsi && recipient.Kind is PartnerKind.Sdis or PartnerKind.Samu
            && step.Message.Incident?.AssistanceRequests.Any(r => r.Answers.Count == 0) == true)
        {
            return HandoverKind.AssistanceRequest;
        }
        return null;
    }

    private async Task<StoredIncident> StartHandover(Step step, StoredIncident stored, HandoverKind kind, Partner partner, string deliveryId, RoutingDecision decision)
    {
        var reason = decision.Reasons.FirstOrDefault(r => r.Contains(partner.Id, StringComparison.Ordinal));
        var requestId = kind == HandoverKind.AssistanceRequest ? step.Message.Incident!.AssistanceRequests.First(r => r.Answers.Count == 0).Id : null;
        if (ledger.StartHandover(stored, kind, step.Source.SenderId, partner.Id, reason, deliveryId, step.Now, requestId) is not ApplyOutcome.Applied started)
        {
            return stored;
        }
        await step.Save(started.Incident);
        return started.Incident;
    }

    /// <summary>A partner acknowledged a message the hub delivered: its original sender hears it, and its handover (if
    /// any) moves on.</summary>
    private async Task<ProcessingResult> AcknowledgementReceived(Step step)
    {
        var acknowledged = step.Message.Acknowledgement!.AcknowledgedDistributionId;
        var passedOn = await PassOnToOriginalSender(step, acknowledged);
        // The partner names the distribution id it received; the hub knows that delivery by id and partner.
        var deliveryId = OutgoingMessages.DeliveryId(acknowledged, step.Source.SenderId);
        var key = await step.Tx.FindIncidentOfDeliveryAsync(deliveryId);
        if (key is null || await step.Tx.FindIncidentAsync(key) is not { } current)
        {
            return step.Result(ProcessingVerdict.Recorded, $"acknowledgement of {acknowledged}, which names no incident; {passedOn}");
        }
        var ofDelivery = new CanonicalMessage
        {
            Family = step.Message.Family,
            Distribution = step.Message.Distribution,
            Acknowledgement = new Acknowledgement { AcknowledgedDistributionId = deliveryId, Refused = step.Message.Acknowledgement.Refused },
        };
        if (ledger.Apply(current, ofDelivery, step.Now) is ApplyOutcome.Applied applied)
        {
            await step.Save(applied.Incident);
        }
        return step.Result(ProcessingVerdict.Recorded, $"{step.Source.SenderId} acknowledged {acknowledged}; {passedOn}");
    }

    /// <summary>A partner's RS-ERROR about a message the hub delivered to it goes on to that message's sender.</summary>
    private async Task<ProcessingResult> ErrorReceived(Step step)
    {
        var passedOn = step.Message.Error?.ReferencedDistributionId is { } referenced
            ? await PassOnToOriginalSender(step, referenced)
            : "it names no message";
        return step.Result(ProcessingVerdict.Recorded, $"error report from {step.Source.SenderId} recorded; {passedOn}");
    }

    /// <summary>
    /// An acknowledgement (RC-REF) or an error (RS-ERROR) is about a message its sender received: when the hub
    /// delivered that message to it, the message's original sender is owed it, as Hub Santé forwards them — until the
    /// recipient's RC-REF arrives, the sender treats its message as not received. Only about a delivery the hub made
    /// to this very partner, so nobody can speak for another's recipients. Says what became of it.
    /// </summary>
    private async Task<string> PassOnToOriginalSender(Step step, string referencedDistributionId)
    {
        var sender = step.Source.SenderId;
        if (await step.Tx.FindDeliveryAsync(OutgoingMessages.DeliveryId(referencedDistributionId, sender)) is not { } delivered)
            return $"{referencedDistributionId} was not delivered to {sender} by the hub: not passed on";
        if ((await step.Tx.FindReceivedAsync(referencedDistributionId))?.SenderId is not { } originalId || PartnerDirectory.SameId(originalId, sender)
            || step.Rules.Partners.Find(originalId) is not { } original)
            return $"the sender of {referencedDistributionId} is not a partner to tell";
        if (original.FamilyFor(step.Message.Family) is not { } family) return $"{original.Id} does not take {step.Message.Family}: not passed on";
        try
        {
            var format = FormatNamed(original.Format);
            var body = format.Encode(OutgoingMessages.ReaddressedTo(step.Message, original), family);
            await step.Enqueue(new PendingDelivery(OutgoingMessages.DeliveryId(step.Source.DistributionId, original.Id), original.Id, delivered.IncidentKey,
                step.Source.DistributionId, family, format.Name, format.ContentType, step.Source.Kind, body, step.Now, step.Source.ExpiresAt));
            return $"passed on to {original.Id}";
        }
        catch (MessageRejectedException e)
        {
            return $"not passed on to {original.Id}: {e.Problems[0]}";
        }
    }

    private static async Task<ProcessingResult> Refuse(Step step, HubErrorCode code, string cause, string? about = null)
    {
        await Reply(step, OutgoingMessages.Error(step.Source, step.HubId, code, cause, step.Now, about));
        return step.Result(ProcessingVerdict.Refused, $"{(int)code} {code.StatusString()}: {cause}");
    }

    /// <summary>Replies go to the sender in the format it reads; an unknown sender cannot be answered.</summary>
    private static async Task Reply(Step step, CanonicalMessage reply)
    {
        if (step.Rules.Partners.Find(step.Source.SenderId) is not { } sender) return;
        var format = step.Formats.Find(sender.Format) ?? throw new InvalidOperationException($"the rules name format '{sender.Format}', which this host does not have");
        var body = format.Encode(reply, reply.Family);
        var id = reply.Distribution!.DistributionId;
        await step.Enqueue(new PendingDelivery(OutgoingMessages.DeliveryId(id, sender.Id), sender.Id, step.IncidentKey ?? step.Source.DistributionId,
            step.Source.DistributionId, reply.Family, format.Name, format.ContentType, reply.Distribution.Kind, body, step.Now, reply.Distribution.ExpiresAt));
    }

    /// <summary>The rules are checked against the host's formats when they load: a missing one is the host's mistake.</summary>
    private IMessageFormat FormatNamed(string name) =>
        formats.Find(name) ?? throw new InvalidOperationException($"no format '{name}' in this host (it has {string.Join(", ", formats.Names)})");

    /// <summary>The author of the changes the hub makes by itself (deadlines), in the audit log.</summary>
    public const string HubActor = "mcic2.hub";

    private Step NewStep(IHubTransaction tx, CanonicalMessage message, Distribution source, DateTimeOffset now, byte[] body, IMessageFormat format) =>
        new(tx, rules.Current, message, source, now, body, format, formats) { IncidentChanges = IncidentChanges };

    /// <summary>What one message's processing works with, and the queues whose outbox it filled.</summary>
    private sealed class Step(IHubTransaction tx, RuleSet rules, CanonicalMessage message, Distribution source, DateTimeOffset now, byte[] body,
        IMessageFormat format, MessageFormats formats, List<DeliveryQueue>? queues = null)
    {
        // Shared with the steps of held messages released in the same transaction.
        private readonly List<DeliveryQueue> _queues = queues ?? [];

        public byte[] Body { get; } = body;
        public IMessageFormat Format { get; } = format;
        public MessageFormats Formats { get; } = formats;

        /// <summary>Another message processed in the same transaction (a held one released).</summary>
        public Step For(CanonicalMessage other, byte[] otherBody, IMessageFormat otherFormat) =>
            new(Tx, Rules, other, other.Distribution!, Now, otherBody, otherFormat, Formats, _queues) { IncidentChanges = IncidentChanges };

        public IHubTransaction Tx { get; } = tx;
        public RuleSet Rules { get; } = rules;
        public CanonicalMessage Message { get; } = message;

        /// <summary>The incident the message is about (<see cref="IncidentKeys.Of"/>), null when none.</summary>
        public string? IncidentKey { get; } = IncidentKeys.Of(message);
        public Distribution Source { get; } = source;
        public DateTimeOffset Now { get; } = now;
        public string HubId => Rules.HubId ?? RuleSet.DefaultHubId;

        public IncidentChangeFeed? IncidentChanges { get; init; }

        /// <summary>Saves the incident; with publication on, its new version is enqueued for the other MCIC2 modules.</summary>
        public async Task Save(StoredIncident incident)
        {
            await Tx.SaveIncidentAsync(incident);
            await Tx.AuditAsync(new AuditEntry(Now, Source.SenderId, ActorKind.Partner, AuditActions.IncidentChanged, incident.Key, Source.DistributionId,
                $"version {incident.Version} by {Message.Family} ({Source.Kind})"));
            if (IncidentChanges is not { } feed) return;
            var format = Formats.Find(feed.Format) ?? throw new InvalidOperationException($"the incident-change feed's format '{feed.Format}' is not in this host");
            var body = format.Encode(new CanonicalMessage { Family = MessageFamilies.Canonical, Incident = incident.Incident }, MessageFamilies.Canonical);
            await Enqueue(new PendingDelivery(OutgoingMessages.IncidentChangeId(incident.Key, incident.Version), feed.Id, incident.Key, Source.DistributionId,
                MessageFamilies.Canonical, format.Name, format.ContentType, "Update", body, Now, null) { IncidentVersion = incident.Version });
        }

        public async Task Enqueue(PendingDelivery delivery)
        {
            // Stored with the delivery: its attempts, however late, are spans of this message's trace.
            delivery = delivery with { TraceParent = delivery.TraceParent ?? System.Diagnostics.Activity.Current?.Id };
            await Tx.EnqueueDeliveryAsync(delivery);
            if (!_queues.Contains(delivery.Queue)) _queues.Add(delivery.Queue);
        }

        public ProcessingResult Result(ProcessingVerdict verdict, string detail) => new(verdict, detail, _queues);
    }
}
