using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.HubEx.Options;

namespace MCIC2.Interop.Adapters.HubEx.Topology;

/// <summary>
/// HubEx client ids are nested domains in lower case (<c>fr.police.cic35</c>, <c>fr.health.samu690</c>): the CN of the
/// client's certificate, the broker user the client logs in as, its routing key and the prefix of its queues.
/// </summary>
public static partial class ClientIds
{
    /// <summary>What fits in a queue name (255 bytes) once the longest suffix is added.</summary>
    private const int MaxLength = 255 - 8; // ".message"

    /// <summary>Null when <paramref name="clientId"/> can be a client of this hub, otherwise why not.</summary>
    public static string? Check(string clientId, HubExOptions options)
    {
        if (CheckShape(clientId) is { } problem) return problem;
        if (clientId == options.HubId) return $"'{clientId}' is the hub's own id, not a client's";
        return null;
    }

    /// <summary>Null when <paramref name="clientId"/> has the shape of a client id of any HubEx (the hub's own on a
    /// peer HubEx included), otherwise why not.</summary>
    public static string? CheckShape(string clientId)
    {
        if (string.IsNullOrEmpty(clientId)) return "a HubEx client id is required (e.g. fr.police.cic35)";
        if (clientId.Length > MaxLength) return $"'{clientId[..20]}…' is longer than {MaxLength} characters, too long for its queue names";
        if (!Shape().IsMatch(clientId))
            return $"'{clientId}' is not a HubEx client id: lower-case dotted labels of letters, digits, '-' or '_', at least two (e.g. fr.police.cic35); the broker compares it with the certificate's CN exactly";
        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
