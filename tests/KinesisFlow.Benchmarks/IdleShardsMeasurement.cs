using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Pacing;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// `idle-shards [shards] [seconds]`: holds N owned, caught-up shards (real pipelines and real paced polling readers
/// against <see cref="CaughtUpKinesisClient"/>) for a measured window of real time, then prints memory per shard, reads
/// per shard per second (mean, and the most in any sliding one-second window of any shard) and CPU time. Real time on
/// purpose: pacing and idle memory are what is measured, which a BenchmarkDotNet loop of operations cannot show.
/// </summary>
internal static class IdleShardsMeasurement
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(int shards, TimeSpan window)
    {
        var directory = Directory.CreateTempSubdirectory("kinesisflow-idle").FullName;
        try
        {
            await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var telemetry = new ConsumerInstruments(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
            var sinkOptions = new SinkOptions { Specs = [$"file:{Path.Combine(directory, "events.ndjson")}"] };
            sinkOptions.DeadLetter.Path = Path.Combine(directory, "dead.ndjson");
            await using var sinks = new SinkFactory(Options.Create(sinkOptions), TimeProvider.System, NullLoggerFactory.Instance, SinkTelemetry.None).Create();
            var client = new CaughtUpKinesisClient(shards);
            var budget = new ReadBudget();
            var before = MemorySnapshot.Take();

            using var stop = new CancellationTokenSource();
            var leases = new ScaleShardLeases();
            var running = new Task[shards];
            for (var shard = 0; shard < shards; shard++)
            {
                var shardId = CaughtUpKinesisClient.ShardId(shard);
                var reader = new PollingShardReader(client, "bench", shardId, StartingPosition.TrimHorizon, budget, 10_000, TimeProvider.System, telemetry, NullLogger.Instance);
                running[shard] = ScaleShardRunner.RunAsync(shardId, reader, sinks, leases, telemetry, stop.Token);
            }

            await Task.Delay(WarmUp);
            var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var windowStart = Stopwatch.GetTimestamp();
            await Task.Delay(window);
            var windowEnd = Stopwatch.GetTimestamp();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuStart;
            var steady = MemorySnapshot.Take();

            await stop.CancelAsync();
            await Task.WhenAll(running);

            var (meanRate, maxInWindow) = ReadRates(client.Reads, windowStart, windowEnd, shards);
            var seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
            var invariant = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(invariant, $"{shards} idle shards, {seconds:F1} s measured after a {WarmUp.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores"));
            Console.WriteLine(string.Create(invariant, $"working set: {before.WorkingSet / 1048576.0:F1} MiB before, {steady.WorkingSet / 1048576.0:F1} MiB steady -> {(steady.WorkingSet - before.WorkingSet) / (double)shards / 1024:F1} KiB per shard"));
            Console.WriteLine(string.Create(invariant, $"GC heap (after full GC): {before.GcHeap / 1048576.0:F1} MiB before, {steady.GcHeap / 1048576.0:F1} MiB steady -> {(steady.GcHeap - before.GcHeap) / (double)shards / 1024:F1} KiB per shard"));
            Console.WriteLine(string.Create(invariant, $"reads: ceiling {budget.MaxReadsPerSecond} /s per shard (idle delay {budget.IdleDelay.TotalSeconds} s); measured mean {meanRate:F2} /s per shard; most in any sliding 1 s of any shard, warm-up included: {maxInWindow}"));
            Console.WriteLine(string.Create(invariant, $"CPU: {cpu.TotalSeconds:F2} s over {seconds:F1} s ({cpu.TotalSeconds / seconds * 100:F1} % of one core)"));
            return maxInWindow <= budget.MaxReadsPerSecond ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Mean reads per shard per second in the window, and the most reads any shard made in any sliding 1 s.</summary>
    private static (double Mean, int MaxInOneSecond) ReadRates(IReadOnlyList<IReadOnlyList<long>> reads, long windowStart, long windowEnd, int shards)
    {
        long total = 0;
        var max = 0;
        foreach (var shard in reads)
        {
            var first = 0;
            for (var i = 0; i < shard.Count; i++)
            {
                if (shard[i] >= windowStart && shard[i] < windowEnd)
                {
                    total++;
                }

                while (shard[i] - shard[first] >= Stopwatch.Frequency)
                {
                    first++;
                }

                max = Math.Max(max, i - first + 1);
            }
        }

        return (total / Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds / shards, max);
    }

    private readonly record struct MemorySnapshot(long WorkingSet, long GcHeap)
    {
        public static MemorySnapshot Take()
        {
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return new MemorySnapshot(process.WorkingSet64, heap);
        }
    }
}
