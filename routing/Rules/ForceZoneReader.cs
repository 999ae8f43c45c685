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

    /// <summary>One CSV line: fields separated by <paramref name="separator"/>, a field in double quotes may hold it.
    /// Copies runs between separators and quotes rather than characters: a national table has ~40,000 lines.</summary>
    private static string[] Split(string line, char separator)
    {
        if (!line.Contains('"')) return line.Split(separator);
        char[] stops = [separator, '"'];
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < line.Length)
        {
            var stop = quoted ? line.IndexOf('"', i) : line.IndexOfAny(stops, i);
            if (stop < 0)
            {
                field.Append(line, i, line.Length - i);
                break;
            }
            field.Append(line, i, stop - i);
            i = stop + 1;
            if (quoted)
            {
                // "" inside a quoted field is one quote; a lone quote closes the field.
                if (i < line.Length && line[i] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (line[stop] == '"') quoted = true;
            else { fields.Add(field.ToString()); field.Clear(); }
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
