using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Filtering;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Lifecycle;

/// <summary>What every shard task of this worker shares: the stream, the leases, the readers, the sinks, the settings.</summary>
internal sealed record ShardConsumerServices(
    string StreamName,
    IShardLeases Leases,
    IShardReaderFactory Readers,
    SinkSet Sinks,
    FlowLogFormats Formats,
    FlowDecoderOptions DecoderOptions,
    FlowRecordFilter Filter,
    PipelineOptions Pipeline,
    CheckpointPolicyOptions CheckpointPolicy,
    TimeSpan CheckpointTick,
    StartingPosition InitialPosition,
    TimeSpan ParentPollInterval,
    TimeProvider Time,
    ConsumerInstruments Telemetry,
    ILoggerFactory LoggerFactory);
