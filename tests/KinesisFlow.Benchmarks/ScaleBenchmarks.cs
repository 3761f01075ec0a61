using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Pipeline;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The consumer's data path at scale, in one process: N shards, each a real <see cref="ShardPipeline"/> (bounded
/// channels, decoding, one batch per output format, at-least-once checkpointing; see <see cref="ScaleShardRunner"/>) fed by an in-memory shard source
/// as fast as it asks, delivering to the real file sink. One operation drains 16 MB of gzip'd records spread over the
/// shards, so MB/s = 16 / (mean seconds); 32 shards at the Kinesis read limit need 64 MB/s.
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private const long TotalCompressedBytes = 16L * 1024 * 1024;

    private IReadOnlyList<KinesisRecord> _records = [];
    private string _directory = string.Empty;
    private ServiceProvider _services = null!;
    private ConsumerInstruments _telemetry = null!;

    [Params(1, 8, 32, 128, 1000)]
    public int Shards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _records = ScaleShardSource.Generate(TotalCompressedBytes, seed: 5);
        _directory = Directory.CreateTempSubdirectory("kinesisflow-scale").FullName;
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _telemetry = new ConsumerInstruments(_services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _telemetry.Dispose();
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task DrainToFileSink()
    {
        var path = Path.Combine(_directory, "events.ndjson");
        File.Delete(path);
        var sinkOptions = new SinkOptions { Specs = [$"file:{path}"] };
        sinkOptions.DeadLetter.Path = Path.Combine(_directory, "dead.ndjson");
        await using var sinks = new SinkFactory(Options.Create(sinkOptions), TimeProvider.System, NullLoggerFactory.Instance, SinkTelemetry.None).Create();
        var leases = new ScaleShardLeases();
        var perShard = (_records.Count + Shards - 1) / Shards;
        var shards = new Task[Shards];
        for (var shard = 0; shard < Shards; shard++)
        {
            var slice = _records.Skip(shard * perShard).Take(perShard).ToArray();
            shards[shard] = ScaleShardRunner.RunAsync($"shardId-{shard:D12}", new ScaleShardSource(slice), sinks, leases, _telemetry, CancellationToken.None);
        }

        await Task.WhenAll(shards);
    }
}
