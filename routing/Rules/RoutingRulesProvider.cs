using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Partners;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>The outcome of a reload: the version now in force, and why the new file was refused if it was.</summary>
public sealed record RulesReload(bool Applied, string Version, IReadOnlyList<RulesProblem> Problems);

/// <summary>
/// The routing rules in force, replaceable without a restart. Each decision reads one <see cref="RuleSet"/>
/// (immutable), so a reload during a decision cannot mix two versions; <see cref="Reload"/> swaps in a new set only
/// once it is fully loaded and checked, and keeps the old one otherwise.
/// </summary>
public sealed class RoutingRulesProvider : IRoutingRules, IDisposable
{
    private readonly Func<RuleSetLoad> _load;
    private readonly ILogger _log;
    private readonly Lock _reloading = new();
    private RuleSet _current;
    private FileSystemWatcher? _watcher;

    /// <exception cref="InvalidRulesException">The rules cannot be loaded (at start-up there are none to keep).</exception>
    private RoutingRulesProvider(Func<RuleSetLoad> load, string source, ILogger? log)
    {
        _load = load;
        _log = log ?? NullLogger.Instance;
        Source = source;
        var first = load();
        _current = first.Rules ?? throw new InvalidRulesException(first.Problems);
    }

    /// <summary>The rules shipped in the assembly (reloading them changes nothing: use <see cref="FromFile"/> to edit).</summary>
    /// <param name="links">The host's formats and channels, which the partners of the rules must name.</param>
    /// <param name="log">Where the warnings of decisions go (a commune of no known force zone).</param>
    public static RoutingRulesProvider FromDefault(PartnerLinkCatalog links, ILogger? log = null) =>
        new(() => RuleSetLoader.LoadDefault(links), "embedded default rules", log);

    /// <param name="links">The host's formats and channels, which the partners of the rules must name.</param>
    /// <param name="log">Where the warnings of decisions go (a commune of no known force zone).</param>
    public static RoutingRulesProvider FromFile(string rulesPath, PartnerLinkCatalog links, ILogger? log = null) =>
        new(() => RuleSetLoader.LoadFile(rulesPath, links), Path.GetFullPath(rulesPath), log);

    /// <summary>Where the rules are read from.</summary>
    public string Source { get; }

    public RuleSet Current => Volatile.Read(ref _current);

    public string Version => Current.Version;

    /// <summary>The problems of the last refused reload (empty after a successful one).</summary>
    public IReadOnlyList<RulesProblem> LastRefusal { get; private set; } = [];

    /// <summary>Raised after every reload attempt, applied or refused (for logs and alerts).</summary>
    public event Action<RulesReload>? Reloaded;

    public RoutingDecision Decide(CanonicalMessage message, Incident incident, string senderId)
    {
        var rules = Current;
        var decision = rules.Decide(message, incident, senderId);
        foreach (var warning in decision.Warnings)
        {
            _log.LogWarning("Routing {Family} from {Sender} (rules {Version}): {Warning}", message.Family, senderId, rules.Version, warning);
        }
        return decision;
    }

    public RulesReload Reload()
    {
        RulesReload outcome;
        lock (_reloading)
        {
            var load = LoadKeepingOld();
            if (load.Rules is { } rules) Volatile.Write(ref _current, rules);
            LastRefusal = load.Problems;
            outcome = new RulesReload(load.Succeeded, Current.Version, load.Problems);
        }
        Reloaded?.Invoke(outcome);
        return outcome;
    }

    /// <summary>Anything unexpected while loading refuses the new rules like a bad file would: the old rules are the
    /// safe answer, and a reload triggered by the file watcher must not bring the host down.</summary>
    private RuleSetLoad LoadKeepingOld()
    {
        try
        {
            return _load();
        }
        catch (Exception e)
        {
            return new RuleSetLoad(null, [new RulesProblem(Source, "", $"could not be loaded: {e.Message}")]);
        }
    }

    /// <summary>Reloads whenever a file in the rules directory changes (the explicit <see cref="Reload"/> stays the
    /// way to be sure: file events can come in bursts or be missed on network shares).</summary>
    public void WatchDirectory()
    {
        if (_watcher is not null || !File.Exists(Source)) return;
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(Source)!) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher?.Dispose();
}
