using BenchmarkDotNet.Running;

// `dotnet run -c Release --project tests/KinesisFlow.Benchmarks -- --filter '*'` runs every benchmark; see docs/performance.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
