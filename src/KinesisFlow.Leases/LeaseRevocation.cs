namespace KinesisFlow.Leases;

/// <summary>Why a shard lease stopped being this worker's to process; decides whether the shard task checkpoints.</summary>
public enum LeaseRevocation
{
    /// <summary>Still held.</summary>
    None,

    /// <summary>Another worker took it (or renewals failed for a whole lease duration): stop at once, do not checkpoint.</summary>
    Lost,

    /// <summary>Another worker asked for it: checkpoint what was acknowledged, then <see cref="LeaseCoordinator.ReleaseAsync"/>.</summary>
    HandoffRequested,

    /// <summary>This worker let it go (stopping, or over its maximum): its checkpoint is already written.</summary>
    Released,

    /// <summary>The shard was processed to its end and checkpointed SHARD_END.</summary>
    ShardEnded,
}
