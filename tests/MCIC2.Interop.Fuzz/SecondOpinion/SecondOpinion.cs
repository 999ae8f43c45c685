namespace MCIC2.Interop.Fuzz;

/// <summary>A mutant the hub accepted and an independent validator refused: the hub let through what the schemas forbid.</summary>
public sealed record Disagreement(string Kind, string Seed, string Problem, byte[] Input);

/// <summary>
/// Asks validators nobody here wrote about every mutant the hub accepted: Python's <c>jsonschema</c> against the official
/// JSON schemas (<c>check_json.py</c>), <c>xmllint</c> against the official XSDs. An accepted mutant either of them
/// refuses is a disagreement. A mutant the hub refused is not asked: the hub checks more than the schemas do (sender
/// prefix of ids, sending time, characters a recipient cannot carry).
/// </summary>
public static class SecondOpinion
{
    /// <summary>The official schemas and the checker, copied beside this assembly.</summary>
    public static string Schemas => Path.Combine(AppContext.BaseDirectory, "Schemas");

    private static string Checker => Path.Combine(AppContext.BaseDirectory, "SecondOpinion", "check_json.py");

    /// <summary>The envelope XSDs, tried when no use-case XSD validates a seed (an envelope-only one checks the envelope alone).</summary>
    private static readonly string[] EnvelopeXsds = ["EDXL-DE-full.xsd", "EDXL-DE-full-no-header.xsd", "EDXL-DE-envelope-only.xsd"];

    /// <summary>The second opinion for the parser of <paramref name="extension"/> (<c>.json</c> or <c>.xml</c>).</summary>
    public static IReadOnlyList<Disagreement> On(string extension, IReadOnlyList<FuzzInput> accepted, IReadOnlyList<(string Name, byte[] Bytes)> seeds) =>
        extension == ".json" ? OnJson(accepted) : OnXml(accepted, seeds);

    public static IReadOnlyList<Disagreement> OnJson(IReadOnlyList<FuzzInput> accepted) =>
        Ask(accepted, ".json", files => Checked(ExternalProgram.Run(Python(), [Checker, Path.Combine(Schemas, "json-schema"), "-"], System.Text.Encoding.UTF8.GetBytes(string.Join('\n', files))), "check_json.py")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 2))
            .ToDictionary(parts => parts[0], parts => "python jsonschema: " + parts[^1].Replace('\t', ' ')));

    /// <summary>
    /// Each mutant against the XSD its seed validates against: the seed's use-case XSD (<c>RC-EDA.xsd</c> for a bare
    /// <c>createCase</c>), else an envelope XSD. Mutants of a seed no shipped XSD validates are not asked.
    /// </summary>
    public static IReadOnlyList<Disagreement> OnXml(IReadOnlyList<FuzzInput> accepted, IReadOnlyList<(string Name, byte[] Bytes)> seeds)
    {
        var xsdOf = seeds.ToDictionary(s => s.Name, s => XsdValidating(s.Bytes));
        return accepted.Where(a => xsdOf.GetValueOrDefault(a.Seed) is not null)
            .GroupBy(a => xsdOf[a.Seed]!)
            .SelectMany(group => Ask(group.ToList(), ".xml", files => Xmllint(group.Key, files)))
            .ToList();
    }

    private static IReadOnlyList<Disagreement> Ask(IReadOnlyList<FuzzInput> accepted, string extension, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>> refusals)
    {
        var directory = Directory.CreateTempSubdirectory("mcic2-fuzz-");
        try
        {
            var files = accepted.Select((input, i) =>
            {
                var file = Path.Combine(directory.FullName, $"{i:000000}{extension}");
                File.WriteAllBytes(file, input.Bytes);
                return file;
            }).ToList();
            var refused = refusals(files);
            return files.Select((file, i) => (file, input: accepted[i]))
                .Where(f => refused.ContainsKey(f.file))
                .Select(f => new Disagreement(f.input.Kind, f.input.Seed, refused[f.file], f.input.Bytes))
                .ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string? XsdValidating(byte[] seed)
    {
        var xsds = Path.Combine(Schemas, "xsd");
        var useCases = Directory.GetFiles(xsds, "*.xsd").Select(Path.GetFileName)
            .Where(x => !x!.StartsWith("EDXL-DE", StringComparison.Ordinal) && x is not ("RC-DE.xsd" or "RC-XML-ContentType.xsd"))
            .Order(StringComparer.Ordinal);
        return useCases.Concat(EnvelopeXsds).FirstOrDefault(xsd =>
            ExternalProgram.Run("xmllint", ["--noout", "--nonet", "--schema", Path.Combine(xsds, xsd!), "-"], seed, "libxml2-utils").ExitCode == 0);
    }

    /// <summary>The files xmllint refuses, with its first complaint about each (a few hundred files per call).</summary>
    private static IReadOnlyDictionary<string, string> Xmllint(string xsd, IReadOnlyList<string> files)
    {
        var refused = new Dictionary<string, string>();
        foreach (var chunk in files.Chunk(200))
        {
            // xmllint exits 3 when a file fails to validate, and says so per file on stderr
            var run = ExternalProgram.Run("xmllint", ["--noout", "--nonet", "--schema", Path.Combine(Schemas, "xsd", xsd), .. chunk], package: "libxml2-utils");
            var lines = (run.Output + run.Errors).Split('\n');
            foreach (var file in chunk.Where(f => lines.Contains($"{f} fails to validate") || !lines.Contains($"{f} validates")))
                refused[file] = $"xmllint {xsd}: " + (lines.FirstOrDefault(l => l.StartsWith(file + ":", StringComparison.Ordinal)) ?? "refused")[(file.Length + 1)..].Trim();
        }
        return refused;
    }

    /// <summary>The Python with <c>jsonschema</c>: the one on PATH, else Debian's (the test command installs python3-jsonschema there).</summary>
    private static string Python() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(CanCheck)
        ?? throw new InvalidOperationException("no python3 with jsonschema: install Debian's python3-jsonschema (./scripts/test does)");

    private static bool CanCheck(string python)
    {
        try
        {
            return ExternalProgram.Run(python, ["-c", "import jsonschema, referencing"]).ExitCode == 0;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Checked((int ExitCode, string Output, string Errors) run, string program) =>
        run.ExitCode == 0 ? run.Output : throw new InvalidOperationException($"{program} exited {run.ExitCode}: {run.Errors}");
}
