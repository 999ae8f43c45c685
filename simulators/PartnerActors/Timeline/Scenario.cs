using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MCIC2.Interop.Simulators.PartnerActors.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Timeline;

/// <summary>A scenario file read: the cases, the partners' actors, the scripted steps and the expected exchanges.</summary>
public sealed record Scenario(string Name, string Title, IReadOnlyDictionary<string, CaseSpec> Cases, IReadOnlyList<ActorLine> Actors,
    IReadOnlyList<Step> Steps, IReadOnlyList<Expectation> Expectations)
{
    /// <summary>The outages the scenario scripts (<c>at +T the link to PARTNER is cut for D</c>), in time order.</summary>
    public IReadOnlyList<LinkCut> Cuts { get; init; } = [];
}

/// <summary><c>actor PARTNER KIND key=value…</c>: kind <c>samu</c>, <c>nexsis</c>, <c>corg</c> or <c>cic</c>.</summary>
public sealed record ActorLine(string PartnerId, string Kind, IReadOnlyDictionary<string, string> Settings, int Line);

/// <summary><c>at +T PARTNER sends WHAT CASE [to PARTNER] key=value…</c>: what = <c>case</c>, <c>request</c>, <c>resources</c>.</summary>
public sealed record Step(TimeSpan At, string SenderId, string What, string Case, string? To, IReadOnlyDictionary<string, string> Settings, int Line);

/// <summary><c>at +T the link to PARTNER is cut for D</c>: from T to T+D (scenario time) the hub cannot reach PARTNER —
/// over HTTP its endpoint answers 503, over a peer HubEx the link of its force is cut (every partner behind it) — and
/// what the hub owes it waits in the outbox.</summary>
public sealed record LinkCut(TimeSpan At, string PartnerId, TimeSpan For, int Line)
{
    public TimeSpan Until => At + For;
}

/// <summary>
/// <c>expect TO gets KIND from FROM by +T</c>: a delivery to TO of that kind (a family, or <c>EMSI-DC</c> / <c>EMSI-RDC</c>)
/// sent by FROM, no later than T after the start (kind <c>FHIR</c>: a valid HL7 FHIR R4 Bundle of the victims);
/// <c>expect nothing to PARTNER</c>: that partner receives nothing; <c>expect no health data to PARTNER</c>: nothing
/// it receives carries FHIR content or a patient's identity.
/// </summary>
public sealed record Expectation(string To, string? Kind, string? From, TimeSpan? By, int Line)
{
    public const string HealthData = "health data";

    public bool IsForbidden => Kind is null;

    public bool ForbidsHealthData => Kind == HealthData && From is null;

    public override string ToString() => IsForbidden ? $"nothing to {To}"
        : ForbidsHealthData ? $"no health data to {To}"
        : $"{From} → {To} {Kind} by +{ScenarioFile.Format(By!.Value)}";
}

/// <summary>Reads the line format of <c>Scenarios/*.scenario</c> (see simulators/README.md); every mistake names its line.</summary>
public static partial class ScenarioFile
{
    public static Scenario Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), Path.GetFileName(path));
        }
        catch (FileNotFoundException)
        {
            throw new ScenarioException($"{path}: no such scenario file");
        }
    }

    public static Scenario Parse(string text, string fileName = "scenario")
    {
        string? name = null, title = null;
        var cases = new Dictionary<string, CaseSpec>(StringComparer.Ordinal);
        var actors = new List<ActorLine>();
        var steps = new List<Step>();
        var expectations = new List<Expectation>();
        var cuts = new List<LinkCut>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var words = Words(line, fileName, number);
            var (positional, settings) = Split(words.Skip(1));
            string Wrong(string expected) => throw new ScenarioException($"{fileName}:{number}: '{line}': expected {expected}");
            switch (words[0])
            {
                case "scenario" when positional.Count == 1: name = positional[0]; break;
                case "title": title = line["title".Length..].Trim(); break;
                case "case" when positional.Count == 1:
                    cases[positional[0]] = new CaseSpec(positional[0], Required(settings, "nature", fileName, number), settings.GetValueOrDefault("label", ""),
                        Required(settings, "commune", fileName, number), Required(settings, "city", fileName, number), settings.GetValueOrDefault("victims", "0"),
                        settings.GetValueOrDefault("text", ""));
                    break;
                case "case": Wrong("case NAME nature=C.. commune=INSEE city=NAME [victims=N] [label=..] [text=..]"); break;
                case "actor" when positional.Count == 2 && positional[1] is "samu" or "nexsis" or "corg" or "cic":
                    actors.Add(new ActorLine(positional[0], positional[1], settings, number));
                    break;
                case "actor": Wrong("actor PARTNER samu|nexsis|corg|cic key=value..."); break;
                case "at" when positional.Count >= 5 && positional[2] == "sends" && positional[3] is "case" or "request" or "resources":
                    var to = positional.Count == 7 && positional[5] == "to" ? positional[6] : null;
                    if (positional[3] == "request" && to is null) Wrong("at +T PARTNER sends request CASE to PARTNER");
                    if (!cases.ContainsKey(positional[4])) throw new ScenarioException($"{fileName}:{number}: case '{positional[4]}' is not declared above");
                    steps.Add(new Step(Duration(positional[0], fileName, number), positional[1], positional[3], positional[4], to, settings, number));
                    break;
                case "at" when positional is [var at, "the", "link", "to", var partner, "is", "cut", "for", var span]:
                    cuts.Add(Cut(new LinkCut(Duration(at, fileName, number), partner, Duration(span, fileName, number), number), actors, cuts, $"{fileName}:{number}"));
                    break;
                case "at": Wrong("at +T PARTNER sends case|request|resources CASE [to PARTNER], or at +T the link to PARTNER is cut for D"); break;
                case "expect" when positional is ["nothing", "to", var partner]:
                    expectations.Add(new Expectation(partner, null, null, null, number));
                    break;
                case "expect" when positional is ["no", "health", "data", "to", var partner]:
                    expectations.Add(new Expectation(partner, Expectation.HealthData, null, null, number));
                    break;
                case "expect" when positional is [var recipient, "gets", var kind, "from", var sender, "by", var by]:
                    expectations.Add(new Expectation(recipient, kind, sender, Duration(by, fileName, number), number));
                    break;
                case "expect": Wrong("expect TO gets KIND from FROM by +T, expect nothing to PARTNER, or expect no health data to PARTNER"); break;
                default: Wrong("scenario, title, case, actor, at or expect"); break;
            }
        }
        if (name is null) throw new ScenarioException($"{fileName}: no 'scenario NAME' line");
        if (expectations.Count == 0) throw new ScenarioException($"{fileName}: no 'expect' line: a scenario without expectations proves nothing");
        return new Scenario(name, title ?? name, cases, actors, [.. steps.OrderBy(s => s.At)], expectations) { Cuts = [.. cuts.OrderBy(c => c.At)] };
    }

    /// <summary>A cut of a partner the scenario plays, that lasts, and does not overlap another cut of it.</summary>
    private static LinkCut Cut(LinkCut cut, List<ActorLine> actors, List<LinkCut> earlier, string where)
    {
        if (!actors.Any(a => string.Equals(a.PartnerId, cut.PartnerId, StringComparison.OrdinalIgnoreCase)))
            throw new ScenarioException($"{where}: the link to {cut.PartnerId} is cut, but {cut.PartnerId} has no 'actor' line above");
        if (cut.For <= TimeSpan.Zero) throw new ScenarioException($"{where}: a link is cut for more than 0s");
        if (earlier.FirstOrDefault(e => string.Equals(e.PartnerId, cut.PartnerId, StringComparison.OrdinalIgnoreCase) && e.At < cut.Until && cut.At < e.Until) is { } overlap)
            throw new ScenarioException($"{where}: the link to {cut.PartnerId} is cut already then (line {overlap.Line})");
        return cut;
    }

    /// <summary><c>+90s</c>, <c>2m</c>, <c>1m30s</c>, <c>1h</c>.</summary>
    public static TimeSpan Duration(string text, string fileName = "scenario", int line = 0)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || match.Groups[1].Length + match.Groups[2].Length + match.Groups[3].Length == 0)
            throw new ScenarioException($"{fileName}:{line}: '{text}' is not a duration (+30s, 2m, 1m30s, 1h)");
        int Part(int group) => match.Groups[group].Length == 0 ? 0 : int.Parse(match.Groups[group].Value.TrimEnd('h', 'm', 's'), CultureInfo.InvariantCulture);
        return new TimeSpan(Part(1), Part(2), Part(3));
    }

    public static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\+?(\d+h)?(\d+m)?(\d+s)?$")]
    private static partial Regex DurationPattern();

    private static string Required(Dictionary<string, string> settings, string key, string fileName, int line) =>
        settings.TryGetValue(key, out var value) ? value : throw new ScenarioException($"{fileName}:{line}: '{key}=' is missing");

    private static (List<string> Positional, Dictionary<string, string> Settings) Split(IEnumerable<string> words)
    {
        var positional = new List<string>();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals > 0) settings[word[..equals]] = word[(equals + 1)..];
            else positional.Add(word);
        }
        return (positional, settings);
    }

    /// <summary>Words split on spaces; a value in double quotes keeps its spaces (<c>text="Deux cyclistes"</c>).</summary>
    private static List<string> Words(string line, string fileName, int number)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0) words.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        if (quoted) throw new ScenarioException($"{fileName}:{number}: a double quote is not closed");
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}

public sealed class ScenarioException(string message) : Exception(message);
