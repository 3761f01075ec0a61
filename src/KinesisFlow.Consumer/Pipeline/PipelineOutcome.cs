using KinesisFlow.Aws;
using KinesisFlow.Coordination.Checkpointing;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>How a shard's pipeline ended: why, and (at shard end) the children the service named.</summary>
internal sealed record PipelineOutcome(ShardStopReason Reason, IReadOnlyList<ChildShard> ChildShards);
