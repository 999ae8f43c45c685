using System.IO.Compression;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.Tests.Routing.Rules;

[TestClass]
public sealed class When_a_code_of_the_Code_officiel_geographique_is_resolved
{
    /// <summary>The rows of the shipped extract (<c>code,type,department,name,current</c>), read here on their own,
    /// not by the reader under test.</summary>
    private static readonly List<string[]> Rows = ReadShippedRows();

    private static IEnumerable<string[]> Current => Rows.Where(r => r[1] == "commune-actuelle");

    private static List<string[]> ReadShippedRows()
    {
        using var stream = typeof(RuleSetLoader).Assembly.GetManifestResourceStream("Rules/Data/" + CogCommunes.FileName)!;
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).ToList();
    }

    [TestMethod]
    public void Every_code_resolves_to_the_current_commune_and_departement_the_COG_gives()
    {
        var wrong = new List<string>();
        foreach (var row in Rows)
        {
            var expected = row[1] == "commune-actuelle" ? row[0] : row[4];
            var commune = Routing.DefaultRules.Communes.Resolve(row[0]).Commune;
            if (commune?.InseeCode != expected || commune.Department != row[2]) wrong.Add($"{string.Join(",", row)} → {commune}");
        }

        Assert.IsEmpty(wrong, string.Join("\n", wrong.Take(10)));
    }

    [TestMethod]
    public void Every_current_commune_is_in_the_departement_its_code_names()
    {
        // Two characters (01…95, 2A, 2B), three overseas (971…976, 977, 978, 98x).
        var wrong = Current.Where(r => r[2] != (r[0][..2] is "97" or "98" ? r[0][..3] : r[0][..2])).Select(r => r[0]).ToList();

        Assert.IsEmpty(wrong, string.Join(", ", wrong.Take(10)));
    }

    [TestMethod]
    public void Metropolitan_France_Corsica_and_every_DROM_have_their_communes()
    {
        var communesBy = Current.GroupBy(r => r[2]).ToDictionary(g => g.Key, g => g.Count());
        var departments = Enumerable.Range(1, 95).Where(n => n != 20).Select(n => n.ToString("00"))
            .Concat(["2A", "2B", "971", "972", "973", "974", "975", "976"]);

        foreach (var department in departments) Assert.IsGreaterThan(0, communesBy.GetValueOrDefault(department), department);
        Assert.IsGreaterThan(34_900, Current.Count());
        Assert.AreEqual(Current.Count(), Routing.DefaultRules.Communes.Cog.CommuneCount);
        Assert.IsGreaterThan(2_000, Rows.Count(r => r[1] == "ancien-code"), "historic codes of merged communes are shipped");
        Assert.IsGreaterThan(1_500, Rows.Count(r => r[1] == "commune-deleguee"), "communes déléguées are shipped");
    }

    [TestMethod]
    [DataRow("97105", "971", "97105", "Basse-Terre")]
    [DataRow("97209", "972", "97209", "Fort-de-France")]
    [DataRow("97302", "973", "97302", "Cayenne")]
    [DataRow("97411", "974", "97411", "Saint-Denis")]
    [DataRow("97611", "976", "97611", "Mamoudzou")]
    [DataRow("2A004", "2A", "2A004", "Ajaccio")]
    [DataRow("2B033", "2B", "2B033", "Bastia")]
    [DataRow("20004", "2A", "2A004", "Ajaccio")] // Ajaccio's code before Corsica was split in 1976
    [DataRow("75111", "75", "75056", "Paris")]
    [DataRow("13201", "13", "13055", "Marseille")]
    public void A_code_resolves_to_its_commune_and_departement(string code, string department, string current, string name)
    {
        var commune = Routing.DefaultRules.Communes.Resolve(code).Commune;

        Assert.AreEqual(new CommuneRecord(current, name, department), commune);
    }

    [TestMethod]
    public void A_historic_code_resolves_to_the_commune_it_merged_into()
    {
        // Saint-Géréon merged into Ancenis-Saint-Géréon in 2019.
        var lookup = Routing.DefaultRules.Communes.Resolve("44160");

        Assert.AreEqual(CommuneCodeKind.Historic, lookup.Kind);
        Assert.AreEqual(new CommuneRecord("44003", "Ancenis-Saint-Géréon", "44"), lookup.Commune);
    }

    [TestMethod]
    public void A_commune_associee_whose_code_names_another_departement_resolves_to_that_of_its_chef_lieu()
    {
        // Antorpe, code 39012 (a Jura code), is a commune associée of Saint-Vit, 25527 (Doubs): the Doubs is competent.
        var lookup = Routing.DefaultRules.Communes.Resolve("39012");

        Assert.AreEqual(CommuneCodeKind.Associated, lookup.Kind);
        Assert.AreEqual("25", lookup.Commune!.Department);
        Assert.AreEqual("25527", lookup.Commune.InseeCode);
    }
}
