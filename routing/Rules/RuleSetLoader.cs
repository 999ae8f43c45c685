using MCIC2.Interop.Routing.Partners;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>A loading attempt: the rules, or every problem found (never both, never rules half-read).</summary>
public sealed record RuleSetLoad(RuleSet? Rules, IReadOnlyList<RulesProblem> Problems)
{
    public bool Succeeded => Rules is not null;
}

/// <summary>
/// Loads a rules file and the two tables it names (paths relative to it, or absolute): the zone table and the site's
/// merged codes, both checked against the Code officiel géographique (<see cref="CogCommunes"/>, embedded and shared).
/// The default rules are embedded in this assembly (<c>Rules/Data/</c>), so a host needs nothing but its binaries.
/// </summary>
public static class RuleSetLoader
{
    public const string DefaultRulesFile = "rules.json";
    internal const string ResourcePrefix = "Rules/Data/";

    /// <summary>The names of the files that make up the default rules (rules.json and the tables it names): the
    /// Code officiel géographique beside them is reference data, not a file a site edits.</summary>
    public static IReadOnlyList<string> DefaultFiles { get; } = typeof(RuleSetLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Where(n => n is not (CogCommunes.FileName or CogCommunes.NoticeFileName))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static RuleSetLoad LoadDefault(PartnerLinkCatalog links) => Load(DefaultRulesFile, ReadDefault, links);

    /// <summary>Loads <paramref name="rulesPath"/> and the tables it names.</summary>
    public static RuleSetLoad LoadFile(string rulesPath, PartnerLinkCatalog links)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(rulesPath))!;
        return Load(Path.GetFileName(rulesPath), name => ReadFile(Path.Combine(directory, name)), links);
    }

    /// <summary>Loads <paramref name="rulesText"/> as if it were <paramref name="rulesPath"/>'s content, the tables it
    /// names read beside that file: a new rules file is checked whole before it replaces the old one.</summary>
    public static RuleSetLoad Check(string rulesPath, string rulesText, PartnerLinkCatalog links)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(rulesPath))!;
        var name = Path.GetFileName(rulesPath);
        return Load(name, file => file == name ? rulesText : ReadFile(Path.Combine(directory, file)), links);
    }

    /// <summary>Writes the default rules files into <paramref name="directory"/>: the starting point of a site's own rules.</summary>
    public static void CopyDefaultTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in DefaultFiles) File.WriteAllText(Path.Combine(directory, name), ReadDefault(name)!);
    }

    /// <summary>The shipped partners' loopback addresses: every partner at <c>5091</c>, every backup address at <c>5092</c>.</summary>
    public const string ShippedPartnersAddress = "http://127.0.0.1:5091";
    public const string ShippedBackupsAddress = "http://127.0.0.1:5092";

    /// <summary>Writes the default rules with every partner endpoint at <paramref name="partners"/> (a simulator that
    /// stands in for all of them) and every backup address under <c>{partners}/backup</c>; returns the rules file.</summary>
    public static string CopyDefaultTo(string directory, Uri partners)
    {
        CopyDefaultTo(directory);
        var rules = Path.Combine(directory, DefaultRulesFile);
        var target = partners.ToString().TrimEnd('/');
        File.WriteAllText(rules, File.ReadAllText(rules)
            .Replace(ShippedPartnersAddress, target, StringComparison.Ordinal)
            .Replace(ShippedBackupsAddress, target + "/backup", StringComparison.Ordinal));
        return rules;
    }

    private static RuleSetLoad Load(string rulesFile, Func<string, string?> read, PartnerLinkCatalog links)
    {
        var rulesText = read(rulesFile);
        if (rulesText is null) return Refused(rulesFile, "cannot be read");
        var (rules, problems) = RulesFileReader.Read(rulesFile, rulesText, links);
        if (rules is null) return new RuleSetLoad(null, problems);

        var zonesText = read(rules.ForceZonesFile);
        var mergedText = read(rules.MergedCommunesFile);
        if (zonesText is null || mergedText is null)
        {
            var missing = zonesText is null ? ("$.forceZones", rules.ForceZonesFile) : ("$.mergedCommunes", rules.MergedCommunesFile);
            return new RuleSetLoad(null, [new RulesProblem(rulesFile, missing.Item1, $"'{missing.Item2}' cannot be read beside the rules file")]);
        }
        if (CogCommunes.Shipped is not { Communes: { } cog }) return new RuleSetLoad(null, CogCommunes.Shipped.Problems);
        var (communes, mergedProblems) = CommuneTableReader.Read(rules.MergedCommunesFile, mergedText, cog);
        if (communes is null) return new RuleSetLoad(null, mergedProblems);
        var (zones, zoneProblems) = ForceZoneReader.Read(rules.ForceZonesFile, zonesText, communes);
        if (zones is null) return new RuleSetLoad(null, zoneProblems);

        return new RuleSetLoad(
            new RuleSet(rules.Version, rules.HubId, rules.CaseFamilies, new PartnerDirectory(rules.Partners), communes, zones, rules.NatureRules, rules.Subscriptions, rules.MedicalPolicy),
            []);
    }

    private static RuleSetLoad Refused(string file, string message) => new(null, [new RulesProblem(file, "", message)]);

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadDefault(string name)
    {
        using var stream = typeof(RuleSetLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
