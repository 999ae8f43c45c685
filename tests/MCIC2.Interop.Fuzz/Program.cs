using MCIC2.Interop.Fuzz;

// dotnet run -c Release --project tests/MCIC2.Interop.Fuzz -- [--inputs 100000] [--seed 1] [--out DIR]
// Mutants of the official examples and samples through the CISU codec, JSON and XML; exit 1 when a defect is found
// (each written to DIR with its kind, seed message and problem, to become a regression test). Every accepted mutant is
// then asked to validators nobody here wrote (Python jsonschema, xmllint): one they refuse is a defect too.
var inputs = Option("--inputs", 100_000);
var seed = Option("--seed", 1);
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
var seeds = Path.Combine(AppContext.BaseDirectory, "Seeds");
var defects = 0;
foreach (var (parser, extension) in new[] { ("CISU JSON", ".json"), ("CISU XML", ".xml") })
{
    var parserSeeds = Campaign.Seeds(seeds, extension);
    var figures = Campaign.Run(parser, parserSeeds, inputs, seed);
    Console.WriteLine(figures);
    Console.WriteLine($"  mutations: {string.Join(", ", figures.ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
    foreach (var defect in figures.Defects.Take(20)) Console.WriteLine($"  DEFECT {defect.Kind} of {defect.Seed}: {defect.Problem}");
    var disagreements = SecondOpinion.On(extension, figures.AcceptedInputs, parserSeeds);
    Console.WriteLine($"  second opinion ({(extension == ".json" ? "python jsonschema" : "xmllint")}) on the {figures.Accepted} accepted: {disagreements.Count} refused");
    foreach (var d in disagreements.Take(20)) Console.WriteLine($"  DISAGREEMENT {d.Kind} of {d.Seed}: {d.Problem}");
    if (output is not null)
    {
        Directory.CreateDirectory(output);
        for (var i = 0; i < figures.Defects.Count; i++)
            File.WriteAllBytes(Path.Combine(output, $"{extension.TrimStart('.')}-{i:0000}{extension}"), figures.Defects[i].Input);
        for (var i = 0; i < disagreements.Count; i++)
            File.WriteAllBytes(Path.Combine(output, $"{extension.TrimStart('.')}-disagreement-{i:0000}{extension}"), disagreements[i].Input);
    }
    defects += figures.Defects.Count + disagreements.Count;
}
return defects == 0 ? 0 : 1;

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
