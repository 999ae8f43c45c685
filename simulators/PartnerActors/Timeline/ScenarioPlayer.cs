using System.Diagnostics;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Simulators.PartnerActors.Actors;
using MCIC2.Interop.Simulators.PartnerActors.Conformance;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Simulators.RecordingPartner;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Simulators.PartnerActors.Timeline;

/// <summary>How a scenario is played.</summary>
public sealed record PlayerOptions
{
    /// <summary>None: scenario time jumps to the next event as soon as the hub is quiet (tests). N: scenario time runs N
    /// times faster than real time (a standalone run watched by a person; 1 = real time).</summary>
    public double? Speed { get; init; }

    /// <summary>How long without a new delivery counts as "the hub is quiet" (real time).</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest wait for the hub's RC-REF of a message sent, then for quiet (real time).</summary>
    public TimeSpan SettleLimit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>When the hub under test can say so (in-process): true once it has nothing left to deliver. Scenario time
    /// then moves on only when the hub is idle, not merely quiet for <see cref="QuietPeriod"/>.</summary>
    public Func<CancellationToken, Task<bool>>? HubIdle { get; init; }

    /// <summary>Partners whose actors never answer, not even an RC-REF (a broken actor).</summary>
    public IReadOnlySet<string> Silenced { get; init; } = new HashSet<string>();

    /// <summary>Where the timeline is written as it happens (a line each).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>A peer link cut in the middle of the scenario (<see cref="LinkOutage"/>), by <see cref="Links"/>.</summary>
    public LinkOutage? Outage { get; init; }

    public IPeerLinkOutages? Links { get; init; }
}

/// <summary>The hub's link to peer HubEx <paramref name="Link"/> cut when scenario time reaches <paramref name="At"/>:
/// what is due then is sent while it is down, and the link comes back <paramref name="Hold"/> later (real time;
/// scenario time stands still meanwhile, so the scenario's deadlines still hold).</summary>
public sealed record LinkOutage(string Link, TimeSpan At, TimeSpan Hold);

/// <summary>Cuts and gives back the hub's link to a peer HubEx (the peer HubEx simulator's outage), or to one partner
/// (a scenario's cut names the partner: over HTTP its endpoint, <see cref="Transport.PartnerEndpointOutages"/>; over a
/// peer HubEx its force's link), each returning once the hub has seen it.</summary>
public interface IPeerLinkOutages
{
    Task StartAsync(string link, CancellationToken cancellationToken);

    Task EndAsync(string link, CancellationToken cancellationToken);
}

/// <summary>
/// Plays a scenario against a hub: the scripted steps and the actors' replies on a timeline in controllable time (a
/// fake clock the player advances: the messages are dated by it), the partners met through their transports (the
/// first that carries a partner: over its peer HubEx, else behind the <see cref="Recorder"/> the hub's rules point at);
/// then judges the expected exchanges. Between events it waits until the hub has answered what was sent and delivered
/// what followed, so scenario time never runs ahead of the hub.
/// </summary>
public sealed class ScenarioPlayer(Scenario scenario, IReadOnlyList<IActorTransport> transports, FakeTimeProvider clock, PlayerOptions options)
{
    /// <summary>Every actor over HTTP.</summary>
    public ScenarioPlayer(Scenario scenario, HttpClient hub, Recorder partners, FakeTimeProvider clock, PlayerOptions options)
        : this(scenario, [new HttpActorTransport(hub, partners)], clock, options) { }

    private readonly DateTimeOffset _start = clock.GetUtcNow();
    /// <summary>What is due when: a link cut or given back (<c>Link</c> true: done before the messages due then), a message.</summary>
    private readonly List<(TimeSpan At, bool Link, Func<CancellationToken, Task> Run)> _agenda = [];
    private readonly HashSet<string> _cut = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _caseIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaitingAnswer = new(StringComparer.Ordinal);
    private readonly List<Conformance.TimelineEntry> _timeline = [];
    private readonly List<Delivery> _deliveries = [];
    private readonly int[] _seen = new int[transports.Count];
    private Dictionary<string, IPartnerActor> _actors = [];
    private LinkOutage? _outage = options.Outage;

    /// <summary>The case id each scenario case was given (by its first sender), once played.</summary>
    public IReadOnlyDictionary<string, string> CaseIds => _caseIds;

    private TimeSpan Elapsed => clock.GetUtcNow() - _start;

    public async Task<ConformanceReport> PlayAsync(CancellationToken cancellationToken = default)
    {
        var run = _start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var writers = scenario.Actors.ToDictionary(a => a.PartnerId, a => ActorCast.Writer(a, clock, run), StringComparer.OrdinalIgnoreCase);
        _actors = ActorCast.For(scenario, writers, options.Silenced);
        for (var i = 0; i < transports.Count; i++) _seen[i] = transports[i].Received.Count;
        Log($"scenario {scenario.Name}: {scenario.Title}");
        foreach (var step in scenario.Steps)
        {
            var writer = writers.GetValueOrDefault(step.SenderId) ?? throw new ScenarioException($"line {step.Line}: {step.SenderId} sends but has no 'actor' line");
            _agenda.Add((step.At, false, ct => SendAsync(Scripted(step, writer, run), ct)));
        }
        foreach (var cut in scenario.Cuts)
        {
            var links = options.Links ?? throw new ScenarioException($"line {cut.Line}: cutting the link to {cut.PartnerId} needs the links (PlayerOptions.Links)");
            _agenda.Add((cut.At, true, async ct =>
            {
                await links.StartAsync(cut.PartnerId, ct);
                _cut.Add(cut.PartnerId);
                Entry("player", cut.PartnerId, "OUTAGE", $"link cut for {ScenarioFile.Format(cut.For)}");
            }));
            _agenda.Add((cut.Until, true, async ct =>
            {
                await links.EndAsync(cut.PartnerId, ct);
                _cut.Remove(cut.PartnerId);
                Entry("player", cut.PartnerId, "OUTAGE", "link back");
            }));
        }
        while (true)
        {
            await SettleAsync(cancellationToken);
            if (_agenda.Count == 0) break;
            var next = _agenda.Min(a => a.At);
            if (options.Speed is { } speed && next > Elapsed) await Task.Delay((next - Elapsed) / speed, cancellationToken);
            if (next > Elapsed) clock.SetUtcNow(_start + next);
            var due = _agenda.Where(a => a.At <= Elapsed).OrderBy(a => !a.Link).ToList();
            _agenda.RemoveAll(a => a.At <= Elapsed);
            var cut = _outage is { } outage && Elapsed >= outage.At ? outage : null;
            if (cut is not null) await StartOutageAsync(cut, cancellationToken);
            foreach (var (_, _, happen) in due) await happen(cancellationToken);
            if (cut is not null) await EndOutageAsync(cut, cancellationToken);
        }
        var report = ConformanceReport.Of(scenario, _timeline, _deliveries);
        Log(report.ToText());
        return report;
    }

    private async Task StartOutageAsync(LinkOutage outage, CancellationToken cancellationToken)
    {
        var links = options.Links ?? throw new ScenarioException($"an outage of {outage.Link} needs the peer links (PlayerOptions.Links)");
        await links.StartAsync(outage.Link, cancellationToken);
        Entry("player", outage.Link, "OUTAGE", "link cut");
    }

    private async Task EndOutageAsync(LinkOutage outage, CancellationToken cancellationToken)
    {
        // Scenario time stands still: the hub's own back-off and retries run on its clock while the link is down.
        await Task.Delay(outage.Hold, cancellationToken);
        await options.Links!.EndAsync(outage.Link, cancellationToken);
        Entry("player", outage.Link, "OUTAGE", "link back");
        _outage = null;
    }

    private OutgoingMessage Scripted(Step step, ActorMessages writer, string run)
    {
        var spec = scenario.Cases[step.Case];
        if (!_caseIds.TryGetValue(step.Case, out var caseId)) _caseIds[step.Case] = caseId = spec.CaseId(step.SenderId, run);
        return step.What switch
        {
            "case" => writer.Case(spec, caseId),
            "request" => writer.AssistanceRequest(caseId, $"{step.Case}-{run}-DC", step.Settings.GetValueOrDefault("reason", "CARENCE"), step.To!),
            _ => writer.Resources(caseId, [.. step.Settings.GetValueOrDefault("vehicles", "PATROUILLE-1:DEPART").Split(',').Select(v => (v.Split(':')[0], v.Split(':').ElementAtOrDefault(1) ?? "DEPART"))]),
        };
    }

    private async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var refused = await transports.First(t => t.Carries(message.SenderId)).SendAsync(message, cancellationToken);
        Entry(message.SenderId, "hub", message.Family, $"{message.What} [{message.DistributionId}]{(refused is null ? "" : $" {refused}")}");
        // The hub owes its RC-REF (or RS-ERROR) for anything but an RC-REF: scenario time waits for it — unless the link
        // to the sender is cut: then the answer comes once it is back.
        if (refused is null && message.Family != "RC-REF" && !_cut.Contains(message.SenderId)) _awaitingAnswer.Add(message.DistributionId);
    }

    /// <summary>Takes in what the hub delivered (the actors answer at once or later) until it is quiet.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (limit.Elapsed < options.SettleLimit)
        {
            for (var i = 0; i < transports.Count; i++)
            {
                var received = transports[i].Received;
                if (received.Count > _seen[i]) quiet.Restart();
                foreach (var delivery in received.Skip(_seen[i]))
                {
                    _seen[i]++;
                    await TakeAsync(delivery, cancellationToken);
                }
            }
            // While a link is cut the hub is never idle (it holds what the partner is owed): quiet is all there is.
            if (_awaitingAnswer.Count == 0 && quiet.Elapsed >= options.QuietPeriod
                && (options.HubIdle is null || _cut.Count > 0 || await options.HubIdle(cancellationToken)) && transports.Select((t, i) => t.Received.Count == _seen[i]).All(x => x)) return;
            await Task.Delay(20, cancellationToken);
        }
        Log($"+{ScenarioFile.Format(Elapsed)}  the hub did not answer {string.Join(", ", _awaitingAnswer)} within {options.SettleLimit}");
        _awaitingAnswer.Clear();
    }

    private async Task TakeAsync(ReceivedDelivery received, CancellationToken cancellationToken)
    {
        Delivered message;
        try
        {
            message = new Delivered(received.PartnerId, CisuCodec.Shared.Decode(received.Body).Message, Elapsed);
        }
        catch (Exception unreadable)
        {
            Entry("hub", received.PartnerId, "?", $"unreadable delivery {received.DeliveryId}: {unreadable.Message}");
            _deliveries.Add(new Delivery(Elapsed, "?", received.PartnerId, "?", unreadable.Message, received.ContentType, received.Body));
            return;
        }
        // The victims as an HL7 FHIR R4 Bundle in the envelope (a health service's fhir-r4), judged as such.
        var (kind, what) = message.Message.Family == "customContent" ? HealthData.Describe(received.Body) : (message.Kind, "");
        what = message.Message.Acknowledgement is { } ack ? $"of {ack.AcknowledgedDistributionId}"
            : message.Message.Error is { } error ? $"{error.StatusCode} {error.StatusString} about {error.ReferencedDistributionId}: {error.Cause}"
            : $"[{message.DistributionId}]{(what.Length == 0 ? "" : $" {what}")}";
        if (message.Message.Acknowledgement?.AcknowledgedDistributionId is { } answered) _awaitingAnswer.Remove(answered);
        if (message.Message.Error?.ReferencedDistributionId is { } refused) _awaitingAnswer.Remove(refused);
        Entry(message.SenderId, received.PartnerId, kind, what);
        _deliveries.Add(new Delivery(Elapsed, message.SenderId, received.PartnerId, kind, what, received.ContentType, received.Body));
        if (!_actors.TryGetValue(received.PartnerId, out var actor)) return;
        foreach (var reply in actor.OnReceived(message))
        {
            if (reply.After == TimeSpan.Zero) await SendAsync(reply.Write(), cancellationToken);
            else _agenda.Add((Elapsed + reply.After, false, ct => SendAsync(reply.Write(), ct)));
        }
    }

    private void Entry(string from, string to, string kind, string what)
    {
        var entry = new Conformance.TimelineEntry(ScenarioFile.Format(Elapsed), from, to, kind, what);
        _timeline.Add(entry);
        Log($"+{entry.At}  {from} → {to}  {kind} {what}");
    }

    private void Log(string line) => options.Log?.Invoke(line);
}
