using System.Diagnostics;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// <see cref="ScaleBenchmarks"/> for busy machines: the same drain (16 MiB of gzip'd records over N shards to the
/// file sink), repeated, keeping the fastest round and the spread of wall times, and the CPU time each drain took. On
/// a shared machine the CPU time is the steadier figure: 16 MiB over (CPU seconds / 2) is what two cores of
/// this process alone would sustain. <c>scale SHARDS ROUNDS</c>.
/// </summary>
internal static class ScaleInterleaved
{
    public static async Task<int> RunAsync(int shards, int rounds)
    {
        var benchmark = new ScaleBenchmarks { Shards = shards };
        benchmark.Setup();
        try
        {
            // One unmeasured round: JIT and first-use costs.
            await benchmark.DrainToFileSink();
            var times = new List<double>(rounds);
            var cpu = new List<double>(rounds);
            using var process = Process.GetCurrentProcess();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gen2 = GC.CollectionCount(2);
            for (var round = 0; round < rounds; round++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                await benchmark.DrainToFileSink();
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            }

            allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / rounds;
            gen2 = GC.CollectionCount(2) - gen2;

            times.Sort();
            cpu.Sort();
            const double megabytes = 16.0 * 1024 * 1024 / 1_000_000;
            Console.WriteLine(
                $"scale {shards} shards, {rounds} rounds: best {times[0]:F0} ms ({megabytes / times[0] * 1000:F1} MB/s), "
                + $"median {times[rounds / 2]:F0} ms ({megabytes / times[rounds / 2] * 1000:F1} MB/s), worst {times[^1]:F0} ms; "
                + $"CPU per round best {cpu[0]:F0} ms, median {cpu[rounds / 2]:F0} ms ({megabytes / (cpu[rounds / 2] / 2) * 1000:F1} MB/s on two cores); "
                + $"{allocated / 1_000_000.0:F1} MB allocated per round, {gen2} gen2 collections");
            return 0;
        }
        finally
        {
            benchmark.Cleanup();
        }
    }
}
