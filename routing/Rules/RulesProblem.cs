namespace MCIC2.Interop.Routing.Rules;

/// <summary>Something wrong in a rules file, located: <c>rules.json: $.partners[3].endpoint: not an absolute URI</c>,
/// <c>force-zones.csv:12: institution 'PM' is neither PN (police) nor GN (gendarmerie)</c>.</summary>
public sealed record RulesProblem(string File, string Location, string Message)
{
    public override string ToString() => Location.Length == 0 ? $"{File}: {Message}"
        : Location.StartsWith('$') ? $"{File}: {Location}: {Message}"
        : $"{File}:{Location}: {Message}";
}

/// <summary>The rules could not be loaded at all (at start-up: there are no previous rules to keep).</summary>
public sealed class InvalidRulesException(IReadOnlyList<RulesProblem> problems)
    : Exception("routing rules refused:" + Environment.NewLine + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<RulesProblem> Problems { get; } = problems;
}
