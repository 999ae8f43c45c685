using System.Text.Json;
using System.Text.Json.Nodes;

namespace MCIC2.Interop.Tests.Support;

/// <summary>Rules whose partners <c>clientIds</c> are clients of the HubEx: channel <c>hubex</c>, their address their
/// client id, no backup address (a HubEx client has one address, its queues).</summary>
public static class HubExRules
{
    /// <summary>The rules file's text <paramref name="rules"/> with <paramref name="clientIds"/> moved to the HubEx.</summary>
    public static string OnTheHubEx(string rules, IReadOnlyCollection<string> clientIds)
    {
        var document = JsonNode.Parse(rules)!;
        var moved = document["partners"]!.AsArray().Select(p => p!.AsObject()).Where(p => clientIds.Contains((string?)p["id"])).ToList();
        if (moved.Count != clientIds.Count) throw new ArgumentException($"the rules list only {moved.Count} of {string.Join(", ", clientIds)}", nameof(clientIds));
        foreach (var partner in moved)
        {
            partner["channel"] = "hubex";
            partner["address"] = (string)partner["id"]!;
            partner.Remove("backupAddress");
        }
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
