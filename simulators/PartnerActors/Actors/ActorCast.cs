using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;

namespace MCIC2.Interop.Simulators.PartnerActors.Actors;

/// <summary>The actors of a scenario, made from its <c>actor</c> lines.</summary>
public static class ActorCast
{
    /// <param name="writers">Each partner's writer, shared with its scripted steps (one numbering of its distribution ids).</param>
    /// <param name="silenced">Partners whose operators never answer (not even an RC-REF): a broken actor.</param>
    public static Dictionary<string, IPartnerActor> For(Scenario scenario, IReadOnlyDictionary<string, ActorMessages> writers, IReadOnlySet<string> silenced)
    {
        var cast = new Dictionary<string, IPartnerActor>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in scenario.Actors)
        {
            if (silenced.Contains(line.PartnerId)) continue;
            var writer = writers[line.PartnerId];
            cast[line.PartnerId] = line.Kind switch
            {
                "samu" => new AnsweringDesk(writer, Answers(line)),
                // A CIC desk answers the requests for assistance it gets only when the scenario says how.
                "cic" when line.Settings.ContainsKey("answer") => new AnsweringDesk(writer, Answers(line)),
                "nexsis" => new NexsisCentre(writer, new NexsisPolicy(Answers(line), Optional(line, "engage"), Optional(line, "onscene"), Optional(line, "newalert"))),
                "corg" => new CorgDesk(writer, Answers(line)),
                _ => new AcknowledgingDesk(writer),
            };
        }
        return cast;
    }

    /// <summary>How a partner writes: <c>encoding=xml|json</c>, by default XML for NexSIS and the CORG, JSON otherwise.</summary>
    public static ActorMessages Writer(ActorLine line, TimeProvider time, string run)
    {
        var encoding = line.Settings.GetValueOrDefault("encoding", line.Kind is "nexsis" or "corg" ? "xml" : "json") switch
        {
            "xml" => CisuEncoding.Xml,
            "json" => CisuEncoding.Json,
            var other => throw new ScenarioException($"line {line.Line}: encoding '{other}' is neither xml nor json"),
        };
        return new ActorMessages(line.PartnerId, encoding, time, run);
    }

    private static AnswerPolicy Answers(ActorLine line)
    {
        var kind = line.Settings.GetValueOrDefault("answer", "accept") switch
        {
            "accept" => AnswerKind.Accept,
            "refuse" => AnswerKind.Refuse,
            "partial" => AnswerKind.Partial,
            "none" => AnswerKind.None,
            var other => throw new ScenarioException($"line {line.Line}: answer '{other}' is not accept, refuse, partial or none"),
        };
        return new AnswerPolicy(kind, line.Settings.GetValueOrDefault("reason"), Optional(line, "after") ?? TimeSpan.FromMinutes(1));
    }

    private static TimeSpan? Optional(ActorLine line, string key) =>
        line.Settings.TryGetValue(key, out var value) ? ScenarioFile.Duration(value, "actor", line.Line) : null;
}
