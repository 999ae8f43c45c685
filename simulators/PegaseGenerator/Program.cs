using System.Diagnostics;
using MCIC2.Interop.Simulators.PegaseGenerator;

// dotnet run --project simulators/PegaseGenerator -- --rows N --seed S --postgres CONN   (an empty database)
var rows = 1_000_000;
var seed = 1;
string? postgres = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--rows": rows = int.Parse(args[i + 1]); break;
        case "--seed": seed = int.Parse(args[i + 1]); break;
        case "--postgres": postgres = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
if (postgres is null || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: PegaseGenerator --postgres CONNECTION [--rows N (1000000)] [--seed S (1)]");
    return 2;
}
var watch = Stopwatch.StartNew();
await PegaseDatabaseFiller.FillAsync(postgres, rows, seed);
Console.WriteLine($"{rows} fiches (seed {seed}) written in {watch.Elapsed.TotalSeconds:F1} s");
return 0;
