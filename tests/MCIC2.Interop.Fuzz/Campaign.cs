using System.Diagnostics;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Fuzz;

/// <summary>One input the parser got wrong: it threw something else than a refusal, or refused without a code or a path.</summary>
public sealed record FuzzDefect(string Kind, string Seed, string Problem, byte[] Input);

/// <summary>A mutant: its bytes, the kind of mutation and the seed it was made from.</summary>
public sealed record FuzzInput(string Kind, string Seed, byte[] Bytes);

/// <summary>What a campaign found, per parser: accepted, refused, defects, and the slowest input.</summary>
public sealed record CampaignFigures(string Parser, int Inputs, int Accepted, int Refused, IReadOnlyList<FuzzDefect> Defects,
    IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<int, int> ByCode, TimeSpan Slowest, string SlowestKind, TimeSpan Elapsed,
    IReadOnlyList<FuzzInput> AcceptedInputs)
{
    public override string ToString() =>
        $"{Parser}: {Inputs} inputs in {Elapsed.TotalSeconds:0.0} s — {Accepted} accepted, {Refused} refused " +
        $"({string.Join(", ", ByCode.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}), {Defects.Count} defects; " +
        $"slowest input {Slowest.TotalMilliseconds:0} ms ({SlowestKind})";
}

/// <summary>
/// Runs mutants of the seed messages through the hub's CISU codec (decoding validates against the official schemas, as
/// at intake), one at a time, deterministic from its seed. A refusal must carry a Hub Santé code and a path for each
/// problem; any other exception is a defect. A hang shows as the slowest input's time (inputs are not cut short).
/// </summary>
public static class Campaign
{
    public static CampaignFigures Run(string parser, IReadOnlyList<(string Name, byte[] Bytes)> seeds, int inputs, int seed)
    {
        var defects = new List<FuzzDefect>();
        var byKind = new Dictionary<string, int>();
        var byCode = new Dictionary<int, int>();
        var acceptedInputs = new List<FuzzInput>();
        int accepted = 0, refused = 0;
        var slowest = TimeSpan.Zero;
        var slowestKind = "";
        var total = Stopwatch.StartNew();
        foreach (var (kind, name, input) in Mutants(seeds, inputs, seed))
        {
            byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            var clock = Stopwatch.StartNew();
            try
            {
                CisuCodec.Shared.Decode(input);
                accepted++;
                acceptedInputs.Add(new FuzzInput(kind, name, input));
            }
            catch (MessageRejectedException rejected)
            {
                refused++;
                byCode[(int)rejected.Code] = byCode.GetValueOrDefault((int)rejected.Code) + 1;
                if (rejected.Problems.Count == 0 || rejected.Problems.Any(p => string.IsNullOrEmpty(p.Path) || !Enum.IsDefined(p.Code) || string.IsNullOrEmpty(p.Message)))
                    defects.Add(new FuzzDefect(kind, name, $"a refusal without code, path or message: {rejected.Message}", input));
            }
            catch (Exception other)
            {
                defects.Add(new FuzzDefect(kind, name, $"{other.GetType().Name}: {other.Message}", input));
            }
            if (clock.Elapsed > slowest) (slowest, slowestKind) = (clock.Elapsed, kind);
        }
        return new CampaignFigures(parser, inputs, accepted, refused, defects, byKind, byCode, slowest, slowestKind, total.Elapsed, acceptedInputs);
    }

    /// <summary><paramref name="count"/> mutants of <paramref name="seeds"/>, deterministic from <paramref name="seed"/>.</summary>
    public static IEnumerable<FuzzInput> Mutants(IReadOnlyList<(string Name, byte[] Bytes)> seeds, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (name, bytes) = seeds[random.Next(seeds.Count)];
            var (input, kind) = Mutations.Apply(bytes, random);
            yield return new FuzzInput(kind, name, input);
        }
    }

    /// <summary>The official examples and valid samples shipped with the tests, JSON or XML.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Seeds(string directory, string extension) =>
        Directory.EnumerateFiles(directory, "*" + extension, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(directory, f), File.ReadAllBytes(f)))
            .ToList();
}
