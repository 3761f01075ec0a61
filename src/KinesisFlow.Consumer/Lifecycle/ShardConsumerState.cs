namespace KinesisFlow.Consumer.Lifecycle;

/// <summary>The states of one shard's task; see docs/architecture.md for the diagram.</summary>
public enum ShardConsumerState
{
    /// <summary>A parent shard has not reached SHARD_END yet: reading now could deliver a key's events out of order.</summary>
    WaitingOnParents,

    /// <summary>Reading the checkpoint and opening the reader at the right position.</summary>
    Initializing,

    /// <summary>Reading, decoding, delivering and checkpointing.</summary>
    Processing,

    /// <summary>Stopping for a <see cref="Coordination.Checkpointing.ShardStopReason"/>: draining and (per the reason) checkpointing.</summary>
    ShuttingDown,

    /// <summary>Finished; the supervisor forgets the task.</summary>
    Done,
}
