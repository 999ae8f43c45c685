using System.Text.Json;
using System.Text.RegularExpressions;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Routing.Confidentiality;
using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>What <c>rules.json</c> says, checked on its own (the tables it names are checked after).</summary>
internal sealed record RulesFile(
    string Version,
    string? HubId,
    string ForceZonesFile,
    string MergedCommunesFile,
    IReadOnlyList<string> CaseFamilies,
    IReadOnlyList<PartnerListing> Partners,
    IReadOnlyList<NatureRule> NatureRules,
    IReadOnlyList<Subscription> Subscriptions,
    MedicalPolicy MedicalPolicy);

/// <summary>Reads and checks <c>rules.json</c>; the format is described in <c>routing/Rules/README.md</c>.</summary>
internal static partial class RulesFileReader
{
    private static readonly Dictionary<string, PartnerKind> Kinds = new()
    {
        ["cic"] = PartnerKind.Cic, ["corg"] = PartnerKind.Corg, ["sdis"] = PartnerKind.Sdis, ["samu"] = PartnerKind.Samu,
    };

    private static readonly Dictionary<string, RoutedService> Services = new()
    {
        ["SDIS"] = RoutedService.Sdis, ["SAMU"] = RoutedService.Samu, ["FORCE"] = RoutedService.Force,
    };

    private static readonly Dictionary<string, VictimCondition> VictimConditions = new()
    {
        ["any"] = VictimCondition.Any, ["present"] = VictimCondition.Present, ["absent"] = VictimCondition.Absent,
    };

    [GeneratedRegex(@"^(\d{2}|2A|2B|97\d)$")]
    private static partial Regex DepartmentPattern();

    public static string? CheckDepartment(string text) =>
        DepartmentPattern().IsMatch(text) ? null : $"'{text}' is not a département code (35, 2A, 971...)";

    private static string? CheckFamily(string text) =>
        MessageFamilies.All.Contains(text) ? null : $"'{text}' is not a message family ({string.Join(", ", MessageFamilies.All)})";

    public static (RulesFile? Rules, IReadOnlyList<RulesProblem> Problems) Read(string file, string text, PartnerLinkCatalog links)
    {
        var json = new RulesJson(file);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            json.Problem($"line {e.LineNumber + 1}", $"not JSON: {e.Message}");
            return (null, json.Problems);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                json.Problem("$", "not a JSON object");
                return (null, json.Problems);
            }
            json.OnlyKnown(root, "$", "version", "hubId", "forceZones", "mergedCommunes", "caseFamilies", "partners", "natureRules", "subscriptions", "medicalConfidentiality");
            var version = json.Text(root, "$", "version");
            var hubId = json.Text(root, "$", "hubId", required: false);
            var forceZones = json.Text(root, "$", "forceZones");
            var merged = json.Text(root, "$", "mergedCommunes");
            var caseFamilies = json.Texts(root, "$", "caseFamilies", CheckFamily);
            var partners = ReadPartners(json, root, links);
            var natureRules = ReadNatureRules(json, root);
            var subscriptions = ReadSubscriptions(json, root, partners);
            var medical = ReadMedicalPolicy(json, root);
            if (json.Problems.Count > 0) return (null, json.Problems);
            return (new RulesFile(version!, hubId, forceZones!, merged!, caseFamilies, partners, natureRules, subscriptions, medical), []);
        }
    }

    private static List<PartnerListing> ReadPartners(RulesJson json, JsonElement root, PartnerLinkCatalog links)
    {
        var listings = new List<PartnerListing>();
        var firstPathOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // A credential names one partner: the same digest on two would authenticate only the first.
        var firstWithDigest = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, path) in json.Objects(root, "$", "partners"))
        {
            json.OnlyKnown(item, path, "id", "kind", "name", "departments", "families", "format", "channel", "address", "backupAddress", "tokenSha256", "certificateSha256");
            var id = json.Text(item, path, "id");
            if (id is not null && !firstPathOf.TryAdd(id, path))
            {
                json.Problem($"{path}.id", $"duplicate partner id '{id}' (first at {firstPathOf[id]})");
                id = null;
            }
            var kind = json.Choice(item, path, "kind", Kinds);
            var name = json.Text(item, path, "name");
            var departments = json.Texts(item, path, "departments", CheckDepartment);
            var families = json.Texts(item, path, "families", CheckFamily);
            var format = json.Text(item, path, "format");
            if (format is not null && links.Formats.Find(format) is null)
            {
                json.Problem($"{path}.format", $"'{format}' is not a format of this hub ({string.Join(", ", links.Formats.Names)})");
                format = null;
            }
            var channelName = json.Text(item, path, "channel");
            var channel = channelName is null ? null : links.Channels.Find(channelName);
            if (channelName is not null && channel is null)
                json.Problem($"{path}.channel", $"'{channelName}' is not a channel of this hub ({string.Join(", ", links.Channels.Names)}): a channel that needs settings is there only once they are given");
            var address = Address(json, item, path, "address", channel, required: true);
            var backup = Address(json, item, path, "backupAddress", channel, required: false);
            var token = Digest(json, item, path, "tokenSha256", "the rules keep a digest of the token, never the token", firstWithDigest);
            var certificate = Digest(json, item, path, "certificateSha256", "the digest of the certificate's DER bytes, without colons", firstWithDigest);
            if (id is null || kind is null || name is null || format is null || channel is null || address is null) continue;
            var partner = new Partner(id, kind.Value, name, families, format, channel.Name, address, backup, token, certificate);
            if (links.Formats.Find(format) is IHealthDataFormat && !partner.IsHealthService)
            {
                json.Problem($"{path}.format", $"'{format}' carries patient identities and medical data: only a health service (kind samu, id fr.health.*) may be given it, and {id} (kind {kind.Value.ToString().ToLowerInvariant()}) is not one");
                continue;
            }
            listings.Add(new PartnerListing(partner, departments));
        }
        return listings;
    }

    /// <summary>An address the partner's channel accepts (checked by the channel itself: a URL, a HubEx client id...).</summary>
    private static string? Address(RulesJson json, JsonElement item, string path, string name, PartnerLinks.Channels.IPartnerChannel? channel, bool required)
    {
        var address = json.Text(item, path, name, required);
        if (address is null || channel is null) return null;
        if (channel.CheckAddress(address) is not { } problem) return address;
        json.Problem($"{path}.{name}", $"{problem} (channel {channel.Name})");
        return null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>An optional SHA-256 in hex, lower-cased (the form the intake computes), no other partner's; or null.</summary>
    private static string? Digest(RulesJson json, JsonElement item, string path, string name, string ofWhat, Dictionary<string, string> firstWithDigest)
    {
        var digest = json.Text(item, path, name, required: false);
        if (digest is null) return null;
        if (!Sha256Hex().IsMatch(digest))
        {
            json.Problem($"{path}.{name}", $"not a SHA-256 in hexadecimal (64 characters 0-9a-f): {ofWhat}");
            return null;
        }
        if (!firstWithDigest.TryAdd($"{name}:{digest}", path))
        {
            json.Problem($"{path}.{name}", $"the same as {firstWithDigest[$"{name}:{digest}"]}'s: a credential authenticates one partner");
            return null;
        }
        return digest.ToLowerInvariant();
    }

    private static List<NatureRule> ReadNatureRules(RulesJson json, JsonElement root)
    {
        var rules = new List<NatureRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in json.Objects(root, "$", "natureRules"))
        {
            json.OnlyKnown(item, path, "id", "nature", "healthMotive", "victims", "services");
            var id = json.Text(item, path, "id");
            if (id is not null && !ids.Add(id)) json.Problem($"{path}.id", $"duplicate rule id '{id}'");
            var nature = ListedCode(json, item, path, "nature", Nomenclatures.NatureDeFait);
            var motive = ListedCode(json, item, path, "healthMotive", Nomenclatures.HealthMotive);
            if (!item.TryGetProperty("nature", out _) && !item.TryGetProperty("healthMotive", out _))
            {
                json.Problem(path, "a nature rule needs a nature or a healthMotive (a rule matching everything is refused)");
            }
            var victims = json.Choice(item, path, "victims", VictimConditions, required: false) ?? VictimCondition.Any;
            var services = json.Texts(item, path, "services", s => Services.ContainsKey(s) ? null : $"unknown service '{s}' (known: {string.Join(", ", Services.Keys)})");
            if (id is null) continue;
            rules.Add(new NatureRule(id, nature, motive, victims, services.Select(s => Services[s]).ToList()));
        }
        return rules;
    }

    /// <summary>A code the shipped code list knows: a rule on a misspelt code would silently never match.</summary>
    private static string? ListedCode(RulesJson json, JsonElement item, string path, string name, string codeList)
    {
        var code = json.Text(item, path, name, required: false);
        if (code is null || Nomenclatures.Get(codeList).Contains(code)) return code;
        json.Problem($"{path}.{name}", $"'{code}' is not a code of {codeList}");
        return null;
    }

    private static List<Subscription> ReadSubscriptions(RulesJson json, JsonElement root, List<PartnerListing> partners)
    {
        var subscriptions = new List<Subscription>();
        if (!root.TryGetProperty("subscriptions", out _)) return subscriptions;
        foreach (var (item, path) in json.Objects(root, "$", "subscriptions"))
        {
            json.OnlyKnown(item, path, "partner", "families", "departments");
            var partner = json.Text(item, path, "partner");
            if (partner is not null && !partners.Any(p => PartnerDirectory.SameId(p.Partner.Id, partner)))
            {
                json.Problem($"{path}.partner", $"unknown partner '{partner}'");
            }
            var families = json.Texts(item, path, "families", CheckFamily);
            var departments = json.Texts(item, path, "departments", CheckDepartment);
            if (partner is not null) subscriptions.Add(new Subscription(partner, families, departments));
        }
        return subscriptions;
    }

    /// <summary>
    /// <c>medicalConfidentiality</c>: for each partner kind, the medical fields it receives (absent: the shipped policy;
    /// a kind left out receives none). Patient details to a kind that is not a health service is a mistake, refused.
    /// </summary>
    private static MedicalPolicy ReadMedicalPolicy(RulesJson json, JsonElement root)
    {
        const string path = "$.medicalConfidentiality";
        if (!root.TryGetProperty("medicalConfidentiality", out var section)) return MedicalPolicy.Shipped;
        if (section.ValueKind != JsonValueKind.Object)
        {
            json.Problem(path, "not an object (partner kind → the medical fields it receives)");
            return MedicalPolicy.Shipped;
        }
        var received = new Dictionary<PartnerKind, IReadOnlySet<MedicalField>>();
        foreach (var entry in section.EnumerateObject())
        {
            var kindPath = $"{path}.{entry.Name}";
            if (!Kinds.TryGetValue(entry.Name, out var kind))
            {
                json.Problem(kindPath, $"'{entry.Name}' is not a partner kind ({string.Join(", ", Kinds.Keys)})");
                continue;
            }
            if (entry.Value.ValueKind != JsonValueKind.Array)
            {
                json.Problem(kindPath, $"not an array of medical fields ({string.Join(", ", MedicalPolicy.FieldNames.Keys)}; [] for none)");
                continue;
            }
            var fields = new HashSet<MedicalField>();
            var i = 0;
            foreach (var item in entry.Value.EnumerateArray())
            {
                var itemPath = $"{kindPath}[{i++}]";
                if (item.ValueKind != JsonValueKind.String || !MedicalPolicy.FieldNames.TryGetValue(item.GetString()!, out var field))
                {
                    json.Problem(itemPath, $"{(item.ValueKind == JsonValueKind.String ? $"'{item.GetString()}'" : "this")} is not a medical field ({string.Join(", ", MedicalPolicy.FieldNames.Keys)})");
                    continue;
                }
                if (field == MedicalField.PatientDetails && kind != PartnerKind.Samu)
                {
                    json.Problem(itemPath, $"patientDetails (patient identities, condition, medical notes) reach health services only: kind {entry.Name} is not one");
                    continue;
                }
                fields.Add(field);
            }
            received[kind] = fields;
        }
        return new MedicalPolicy(received);
    }
}
