using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/MCIC2.Interop.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
