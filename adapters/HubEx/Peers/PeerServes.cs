using System.Text.RegularExpressions;

namespace MCIC2.Interop.Adapters.HubEx.Peers;

/// <summary>
/// The partner ids a peer HubEx vouches for: each pattern is an id (<c>fr.health.samu35</c>) or a prefix of dotted
/// labels ending in <c>.*</c> (<c>fr.health.*</c>: every id below <c>fr.health</c>, never <c>fr.health</c> itself nor
/// <c>fr.healthcare.x</c>). Ids compare without case, as EDXL ids do.
/// </summary>
public sealed partial class PeerServes(IEnumerable<string> patterns)
{
    private readonly IReadOnlyList<string> _patterns = [.. patterns];

    public bool Serves(string partnerId) => _patterns.Any(pattern => pattern.EndsWith(".*", StringComparison.Ordinal)
        ? partnerId.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) && partnerId.Length > pattern.Length - 1
        : string.Equals(pattern, partnerId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when <paramref name="pattern"/> is an id or a prefix followed by <c>.*</c>, otherwise why not.</summary>
    public static string? Check(string pattern) => Shape().IsMatch(pattern)
        ? null
        : $"'{pattern}' is neither a partner id (fr.health.samu35) nor dotted labels followed by .* (fr.health.*)";

    [GeneratedRegex(@"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*(?:\.[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)*(?:\.\*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
