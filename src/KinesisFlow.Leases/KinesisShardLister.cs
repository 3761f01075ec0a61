using KinesisFlow.Aws;
using KinesisFlow.Coordination.Leases;
using AwsChildShard = KinesisFlow.Aws.ChildShard;
using AwsHashKeyRange = KinesisFlow.Aws.HashKeyRange;
using LeaseChildShard = KinesisFlow.Coordination.Leases.ChildShard;

namespace KinesisFlow.Leases;

/// <summary>
/// <see cref="IShardLister"/> over the Kinesis client: ListShards page after page (the client sends NextToken alone
/// on later pages), optionally filtered (e.g. AT_LATEST when only open shards matter).
/// </summary>
public sealed class KinesisShardLister(IKinesisClient client, StreamAddress stream, ShardFilter? filter = null) : IShardLister
{
    public async Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = await client.ListAllShardsAsync(stream, filter, cancellationToken);
        return [.. shards.Select(ToShardInfo)];
    }

    public static ShardInfo ToShardInfo(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return new ShardInfo(
            shard.ShardId,
            shard.ParentShardId,
            shard.AdjacentParentShardId,
            ToRange(shard.HashKeyRange),
            shard.SequenceNumberRange.EndingSequenceNumber);
    }

    /// <summary>A GetRecords / SubscribeToShard child shard, for <see cref="LeaseCoordinator.CheckpointShardEndAsync"/>.</summary>
    public static LeaseChildShard ToChildShard(AwsChildShard child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return new LeaseChildShard(child.ShardId, child.ParentShards, ToRange(child.HashKeyRange));
    }

    private static Coordination.Leases.HashKeyRange ToRange(AwsHashKeyRange range) =>
        Coordination.Leases.HashKeyRange.Parse(range.StartingHashKey, range.EndingHashKey);
}
