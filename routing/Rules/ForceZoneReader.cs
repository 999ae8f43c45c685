using System.Text;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Reads the zone table: <c>code_commune,libelle_commune,institution,id_service,service,code_postal</c>, separated by
/// <c>;</c> or <c>,</c> (the header line decides), fields optionally in double quotes (<c>""</c> for a quote inside),
/// <c>#</c> lines are comments. <c>institution</c> is <c>PN</c> or <c>GN</c>; the code must lead to a current commune
/// of the Code officiel géographique (or of the site's merged codes). <c>libelle_commune</c> and <c>code_postal</c>
/// are not used (the COG names the commune). Every problem is reported with its line; a table with any problem is
/// refused whole.
/// </summary>
internal static class ForceZoneReader
{
    private static readonly string[] Header = ["code_commune", "libelle_commune", "institution", "id_service", "service", "code_postal"];

    private static readonly Dictionary<string, ForceZone> Institutions = new(StringComparer.Ordinal)
    {
        ["PN"] = ForceZone.Police, ["GN"] = ForceZone.Gendarmerie,
    };

    public static (ForceZoneTable? Table, IReadOnlyList<RulesProblem> Problems) Read(string file, string text, CommuneTable communes)
    {
        var problems = new List<RulesProblem>();
        var separator = HeaderLine(text)?.Contains(';') == true ? ';' : ',';
        var byCommune = new Dictionary<string, List<ZoneService>>(StringComparer.Ordinal);
        foreach (var (line, fields) in RulesCsv.Rows(file, text, Header, problems, l => Split(l, separator)))
        {
            void Problem(string message) => problems.Add(new RulesProblem(file, line.ToString(), message));
            var (code, name, institution, serviceId, service) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
            if (!CommuneTableReader.IsInseeCode(code)) { Problem($"'{code}' is not an INSEE code"); continue; }
            if (!Institutions.TryGetValue(institution, out var zone)) { Problem($"institution '{institution}' is neither PN (police) nor GN (gendarmerie)"); continue; }
            if (communes.Resolve(code).Commune is not { } commune) { Problem($"commune {code} '{name}' is neither in the Code officiel géographique nor in the merged codes"); continue; }
            var services = byCommune.TryGetValue(commune.InseeCode, out var known) ? known : byCommune[commune.InseeCode] = [];
            var unit = new ZoneService(zone, serviceId, service);
            if (!services.Contains(unit)) services.Add(unit);
        }
        if (problems.Count > 0) return (null, problems);
        return (new ForceZoneTable(file, byCommune.ToDictionary(c => c.Key, c => (IReadOnlyList<ZoneService>)c.Value, StringComparer.Ordinal)), []);
    }

    private static string? HeaderLine(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } content && !content.StartsWith('#')) return content;
        }
        return null;
    }

    /// <summary>One CSV line: fields separated by <paramref name="separator"/>, a field in double quotes may hold it.</summary>
    private static string[] Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
