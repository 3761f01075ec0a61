namespace KinesisFlow.Coordination.Leases;

/// <summary>A child of a closed shard, as the last GetRecords (or SubscribeToShard event) of the parent reports it.</summary>
/// <param name="ShardId">The child shard id.</param>
/// <param name="ParentShards">All its parents (two after a merge).</param>
/// <param name="HashKeyRange">The hash keys it serves.</param>
public sealed record ChildShard(string ShardId, IReadOnlyList<string> ParentShards, HashKeyRange HashKeyRange);
