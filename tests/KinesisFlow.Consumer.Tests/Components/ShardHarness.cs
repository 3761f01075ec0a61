using System.Diagnostics.Metrics;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Checkpointing;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Lifecycle;
using KinesisFlow.Consumer.Pipeline;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Filtering;
using KinesisFlow.Sinks;
using KinesisFlow.TestKit.Fakes;
using KinesisFlow.TestKit.Shapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Consumer.Tests.Components;

/// <summary>
/// The consumer core's surroundings in memory, on fake time: shards (<see cref="InMemoryShards"/>), leases
/// (<see cref="InMemoryShardLeases"/>) and sinks whose acknowledgements the test releases
/// (<see cref="ControllableSink"/>). Every checkpoint write is checked against what every sink acknowledged: a
/// checkpoint past a record some sink does not hold yet is recorded in <see cref="InMemoryShardLeases.Violations"/>.
/// </summary>
internal sealed class ShardHarness : IAsyncDisposable
{
    public const string Stream = "component";

    /// <summary>Generous bound for what runs for real (tasks, channels); time itself is fake.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _metrics;
    private readonly ILoggerFactory _loggers;
    private readonly FlowLogRecordFactory _records = new(new ShapedEventIds(1));
    private readonly List<ShardConsumer> _consumers = [];

    public ShardHarness(
        int sinks = 1,
        PipelineOptions? pipeline = null,
        CheckpointPolicyOptions? checkpoints = null,
        TimeSpan? reconcileInterval = null)
    {
        Sinks = [.. Enumerable.Range(0, sinks).Select(i => new ControllableSink($"sink-{i}"))];
        SinkSet = new SinkSet(Sinks, DeadLetters);
        _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Telemetry = new ConsumerInstruments(_metrics.GetRequiredService<IMeterFactory>(), Time);
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(Logs)));
        Pipeline = pipeline ?? new PipelineOptions();
        Checkpoints = checkpoints ?? new CheckpointPolicyOptions { MaxRecords = 1 };
        Leases.CheckpointGuard = NotAcknowledgedByEverySink;
        Services = new ShardConsumerServices(
            Stream,
            Leases,
            Shards,
            SinkSet,
            new FlowLogFormats(new FlowLogsOptions()),
            new FlowDecoderOptions(),
            new FlowRecordFilter(new FlowFilterOptions()),
            Pipeline,
            Checkpoints,
            TimeSpan.FromSeconds(1),
            StartingPosition.TrimHorizon,
            reconcileInterval ?? TimeSpan.FromSeconds(1),
            Time,
            Telemetry,
            _loggers);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryShards Shards { get; } = new();

    public InMemoryShardLeases Leases { get; } = new();

    public IReadOnlyList<ControllableSink> Sinks { get; }

    public ControllableSink Sink => Sinks[0];

    public RecordingDeadLetterSink DeadLetters { get; } = new();

    public SinkSet SinkSet { get; }

    public FakeLogCollector Logs { get; } = new();

    public ConsumerInstruments Telemetry { get; }

    public PipelineOptions Pipeline { get; }

    public CheckpointPolicyOptions Checkpoints { get; }

    public ShardConsumerServices Services { get; }

    /// <summary>Every event id the records appended so far carry.</summary>
    public List<string> ExpectedEventIds { get; } = [];

    /// <summary>A shard holding <paramref name="records"/> small realistic records, served <paramref name="perRead"/> per read; its lease granted.</summary>
    public InMemoryShard AddShard(string shardId, int records, int perRead = 1, bool grant = true)
    {
        var shard = Shards.Add(shardId, perRead);
        Append(shard, records);
        if (grant)
        {
            Leases.Grant(shardId);
        }

        return shard;
    }

    /// <summary>Appends small realistic records (a few KiB gzip'd each).</summary>
    public IReadOnlyList<string> Append(InMemoryShard shard, int records, int gzipBytes = 4096)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var made = Enumerable.Range(0, records).Select(_ => _records.Realistic(gzipBytes)).ToList();
        ExpectedEventIds.AddRange(made.SelectMany(record => record.EventIds(_records.Ids)));
        return shard.Append(made);
    }

    /// <summary>A shard task (disposed with the harness).</summary>
    public ShardConsumer Consumer(string shardId)
    {
        var consumer = new ShardConsumer(shardId, Services);
        _consumers.Add(consumer);
        return consumer;
    }

    /// <summary>Starts the task of a shard of three records and waits until all three batches are with the sinks.</summary>
    public async Task<(InMemoryShard Shard, ShardConsumer Consumer, Task Run)> StartWithThreeBatchesOutAsync(string shardId)
    {
        var shard = AddShard(shardId, records: 3);
        var consumer = Consumer(shardId);
        var run = consumer.RunAsync();
        await Sink.WaitForSendsAsync(3, Timeout);
        return (shard, consumer, run);
    }

    /// <summary>The pipeline of one shard as a shard task builds it, from <paramref name="start"/>.</summary>
    public (ShardPipeline Pipeline, ShardCheckpointer Checkpointer, DeliveryAssembler Assembler) NewPipeline(string shardId, StartingPosition? start = null)
    {
        var checkpointer = Checkpointer(shardId);
        var assembler = new DeliveryAssembler(Stream, shardId, FormatMap.Default, new FlowDecoderOptions(), SinkSet.Formats, Telemetry);
        var context = new ShardPipelineContext(Stream, shardId, Pipeline, SinkSet, TimeSpan.FromSeconds(1), Time, Telemetry);
        return (new ShardPipeline(context, Shards.Create(shardId, start ?? StartingPosition.TrimHorizon), assembler, checkpointer), checkpointer, assembler);
    }

    public ShardCheckpointer Checkpointer(string shardId) =>
        new(Stream, shardId, Checkpoints, Leases, Time, Telemetry, _loggers.CreateLogger<ShardCheckpointer>());

    /// <summary>The event ids every sink acknowledged (each sink's set must hold them all for "delivered").</summary>
    public IEnumerable<HashSet<string>> AcknowledgedEventIds() =>
        Sinks.Select(sink => sink.Sends.Where(send => send.IsAcknowledged).SelectMany(send => send.EventIds).ToHashSet(StringComparer.Ordinal));

    /// <summary>What the shard tasks logged, one message per line.</summary>
    public string LogText => string.Join('\n', Logs.GetSnapshot().Select(record => $"{record.Level} {record.Message}"));

    /// <summary>Waits (bounded, real time) for something the shard tasks do on their own threads.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) => TestKit.Eventually.WaitUntilAsync(condition, Timeout, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            consumer.Dispose();
        }

        await SinkSet.DisposeAsync();
        Telemetry.Dispose();
        await _metrics.DisposeAsync();
        _loggers.Dispose();
    }

    // At-least-once: a checkpoint may cover a record only once every sink holds its events. (A checkpointer tested
    // alone has no shard behind it.)
    private string? NotAcknowledgedByEverySink(string shardId, string checkpoint)
    {
        if (!Shards.TryGet(shardId, out var shard))
        {
            return null;
        }

        foreach (var record in shard.Records)
        {
            if (checkpoint != InMemoryShardLeases.ShardEnd && TestKit.SequenceNumbers.Compare(record.SequenceNumber, checkpoint) > 0)
            {
                break;
            }

            foreach (var sink in Sinks)
            {
                if (!sink.HasAcknowledged(shardId, record.SequenceNumber))
                {
                    return $"record {record.SequenceNumber} is not acknowledged by {sink.Name}";
                }
            }
        }

        return null;
    }
}
