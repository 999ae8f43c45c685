using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.HubEx.Sending;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// The rules of a HubEx run, written from the shipped ones: département 35 only (the load's incidents are there), every
/// partner a HubEx client whose id carries the run's suffix; the CIC 35 replaced by the load's command centres
/// (<c>fr.police.load1-SUFFIX</c>, ...), who send. The hub's id carries the suffix too.
/// </summary>
public sealed record HubExLoadRules(string File, string HubId, IReadOnlyList<string> Senders, IReadOnlyList<string> Recipients)
{
    private const string Department = "35";
    private const string ShippedCic = "fr.police.cic35";

    public static HubExLoadRules Write(string directory, string suffix, int senders)
    {
        RuleSetLoader.CopyDefaultTo(directory);
        var file = Path.Combine(directory, "rules.json");
        var rules = JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsObject();
        var hubId = $"{rules["hubId"]}-{suffix}";
        rules["hubId"] = hubId;

        var shipped = rules["partners"]!.AsArray().Select(p => p!.AsObject())
            .Where(p => p["departments"]!.AsArray().Any(d => (string?)d == Department)).ToList();
        var recipients = shipped.Where(p => (string?)p["id"] != ShippedCic).Select(p => OnTheHubEx(p, $"{p["id"]}-{suffix}")).ToList();
        var cic = shipped.Single(p => (string?)p["id"] == ShippedCic);
        var centres = Enumerable.Range(1, senders).Select(k => OnTheHubEx(cic, $"fr.police.load{k}-{suffix}")).ToList();
        rules["partners"] = new JsonArray([.. centres, .. recipients]);

        // The subscriptions of the partners kept, under their new ids (the CIC's are for GEO messages, not in the load).
        var renamed = shipped.Where(p => (string?)p["id"] != ShippedCic).ToDictionary(p => (string)p["id"]!, p => $"{p["id"]}-{suffix}");
        rules["subscriptions"] = new JsonArray([.. rules["subscriptions"]!.AsArray().Select(s => s!.AsObject())
            .Where(s => renamed.ContainsKey((string)s["partner"]!))
            .Select(s =>
            {
                var copy = s.DeepClone().AsObject();
                copy["partner"] = renamed[(string)s["partner"]!];
                return copy;
            })]);
        System.IO.File.WriteAllText(file, rules.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new HubExLoadRules(file, hubId,
            [.. centres.Select(p => (string)p["id"]!)], [.. recipients.Select(p => (string)p["id"]!)]);
    }

    /// <summary>A copy of a shipped partner as a HubEx client: its address is its client id.</summary>
    private static JsonObject OnTheHubEx(JsonObject partner, string id)
    {
        var copy = partner.DeepClone().AsObject();
        copy["id"] = id;
        copy["channel"] = HubExChannel.ChannelName;
        copy["address"] = id;
        copy.Remove("backupAddress");
        return copy;
    }
}
