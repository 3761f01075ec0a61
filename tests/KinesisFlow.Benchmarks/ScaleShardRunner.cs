using KinesisFlow.Consumer.Checkpointing;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Pipeline;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.FlowLogs;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// One shard as `run` holds it: a real <see cref="ShardPipeline"/> with its <see cref="DeliveryAssembler"/> and
/// <see cref="ShardCheckpointer"/>, over whatever reader the caller gives. Shared by the scale benchmark and the idle
/// shards measurement so both measure the same production set-up.
/// </summary>
internal static class ScaleShardRunner
{
    public static async Task RunAsync(string shardId, IShardReader reader, SinkSet sinks, ScaleShardLeases leases, ConsumerInstruments telemetry, CancellationToken stopReading)
    {
        await Task.Yield();
        var checkpointer = new ShardCheckpointer("bench", shardId, new CheckpointPolicyOptions(), leases, TimeProvider.System, telemetry, NullLogger.Instance);
        using var assembler = new DeliveryAssembler("bench", shardId, FormatMap.Default, new FlowDecoderOptions(), sinks.Formats, telemetry);
        var context = new ShardPipelineContext("bench", shardId, new PipelineOptions(), sinks, TimeSpan.FromSeconds(2.5), TimeProvider.System, telemetry);
        var outcome = await new ShardPipeline(context, reader, assembler, checkpointer).RunAsync(stopReading, CancellationToken.None);
        await checkpointer.CheckpointOnStopAsync(outcome.Reason, outcome.ChildShards, CancellationToken.None);
    }
}
