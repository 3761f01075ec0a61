using BenchmarkDotNet.Running;
using KinesisFlow.Benchmarks;

// `dotnet run -c Release --project tests/KinesisFlow.Benchmarks -- --filter '*'` runs every benchmark; see docs/performance.md.
// `make-dump` and `gunzip-only` are the helpers of the whole-process comparison (decode-process.sh).
if (DecodeProcessTools.Run(args) is { } exitCode)
{
    return exitCode;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
