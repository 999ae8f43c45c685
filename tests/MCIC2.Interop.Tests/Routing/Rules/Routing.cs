using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MCIC2.Interop.Tests.Routing.Rules;

/// <summary>Incidents and messages built by hand for the routing tests, and the default rules they run against.</summary>
internal static class Routing
{
    public static RuleSet DefaultRules { get; } = RuleSetLoader.LoadDefault(TestLinks.Catalog).Rules!;

    public static Incident IncidentAt(string? inseeCode, string? nature = null, string? victims = null, string? healthMotive = null) => new()
    {
        Location = inseeCode is null ? null : new IncidentLocation { Commune = new Commune { InseeCode = inseeCode } },
        Qualification = new Qualification
        {
            Nature = nature is null ? null : new CodedValue { Code = nature },
            HealthMotive = healthMotive is null ? null : new CodedValue { Code = healthMotive },
            Victims = victims is null ? null : new Victims { Count = victims },
        },
    };

    public static CanonicalMessage MessageAbout(Incident incident, string family = MessageFamilies.CaseCreation, string? addressedTo = null, string scheme = "hubex") => new()
    {
        Family = family,
        Incident = incident,
        Distribution = addressedTo is null ? null : new Distribution { ExplicitAddress = new ExplicitAddress { Scheme = scheme, Value = addressedTo } },
    };

    public static RoutingDecision Decide(Incident incident, string sender, string family = MessageFamilies.CaseCreation, string? addressedTo = null) =>
        DefaultRules.Decide(MessageAbout(incident, family, addressedTo), incident, sender);

    public static IReadOnlyList<string> RecipientIds(this RoutingDecision decision) => decision.Recipients.Select(r => r.Id).ToList();

    public static void AssertReasonContaining(this RoutingDecision decision, string fragment) =>
        Assert.IsTrue(decision.Reasons.Any(r => r.Contains(fragment, StringComparison.Ordinal)), $"no reason contains '{fragment}':\n{string.Join("\n", decision.Reasons)}");

    public static void AssertReasonEndingWith(this RoutingDecision decision, string end) =>
        Assert.IsTrue(decision.Reasons.Any(r => r.EndsWith(end, StringComparison.Ordinal)), $"no reason ends with '{end}':\n{string.Join("\n", decision.Reasons)}");
}

/// <summary>A copy of the default rules in a temporary directory, to edit and reload.</summary>
internal sealed class RulesDirectory : IDisposable
{
    public RulesDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mcic2-rules-" + Guid.NewGuid().ToString("N"));
        RuleSetLoader.CopyDefaultTo(Path);
    }

    public string Path { get; }

    public string RulesFile => File("rules.json");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void EditRules(Action<JsonObject> edit)
    {
        var rules = JsonNode.Parse(System.IO.File.ReadAllText(RulesFile))!.AsObject();
        edit(rules);
        System.IO.File.WriteAllText(RulesFile, rules.ToJsonString());
    }

    public void Append(string name, string lines) => System.IO.File.AppendAllText(File(name), lines);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A logger that keeps what it is told, to check what an operator would read.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
