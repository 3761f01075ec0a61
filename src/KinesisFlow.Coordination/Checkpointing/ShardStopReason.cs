namespace KinesisFlow.Coordination.Checkpointing;

/// <summary>Why a shard's processing stops; the reason decides the last checkpoint (see <see cref="CheckpointPolicy.OnStop"/>).</summary>
public enum ShardStopReason
{
    /// <summary>Another worker owns the lease now: writing would fail its fencing check and must not be tried.</summary>
    LeaseLost,

    /// <summary>The shard is closed and every record was read: checkpoint SHARD_END once all are acknowledged.</summary>
    ShardEnded,

    /// <summary>This worker is stopping (or handing the lease over): checkpoint what was acknowledged.</summary>
    ShutdownRequested,
}
