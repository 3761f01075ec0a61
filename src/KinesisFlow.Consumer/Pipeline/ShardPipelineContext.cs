using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>What every shard pipeline of this worker shares.</summary>
internal sealed record ShardPipelineContext(
    string StreamName,
    string ShardId,
    PipelineOptions Options,
    SinkSet Sinks,
    TimeSpan CheckpointTick,
    TimeProvider Time,
    ConsumerInstruments Telemetry);
