namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// What the shard tasks need from lease coordination, and nothing more: which shards this worker owns now, whether a
/// shard's parents are finished, and fenced checkpoint writes. Implemented over the lease coordinator; every write
/// is conditional on this worker still holding the lease, and a lost condition is <c>false</c>, not an exception.
/// </summary>
public interface IShardLeases
{
    /// <summary>This worker's id in the lease table.</summary>
    string WorkerId { get; }

    /// <summary>The shards whose lease this worker holds right now (a snapshot, cheap to take every cycle).</summary>
    IReadOnlyCollection<OwnedShard> Owned();

    /// <summary>True once every parent of the shard has reached SHARD_END (a parent without a lease counts as finished).</summary>
    ValueTask<bool> ParentsCompletedAsync(string shardId, CancellationToken cancellationToken);

    /// <summary>Writes a checkpoint; false when the lease is no longer this worker's.</summary>
    ValueTask<bool> CheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken);

    /// <summary>Writes SHARD_END and the children that continue the shard; false when the lease is no longer this worker's.</summary>
    ValueTask<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<string> childShardIds, CancellationToken cancellationToken);
}

/// <summary>A lease this worker holds: the shard and its checkpoint (a sequence number or a sentinel, null when none).</summary>
public sealed record OwnedShard(string ShardId, string? Checkpoint);
