using KinesisFlow.Aws;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>The stream's shards for shard sync: ListShards from the trim horizon (open and closed), every page.</summary>
internal sealed class KinesisShardLister(IKinesisClient client, string streamName) : IShardLister
{
    public async Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken)
    {
        var shards = await client.ListAllShardsAsync(StreamAddress.ByName(streamName), new ShardFilter(ShardFilterType.FromTrimHorizon), cancellationToken);
        var infos = new ShardInfo[shards.Count];
        for (var i = 0; i < infos.Length; i++)
        {
            var shard = shards[i];
            infos[i] = new ShardInfo(
                shard.ShardId,
                shard.ParentShardId,
                shard.AdjacentParentShardId,
                Coordination.Leases.HashKeyRange.Parse(shard.HashKeyRange.StartingHashKey, shard.HashKeyRange.EndingHashKey),
                shard.SequenceNumberRange.EndingSequenceNumber);
        }

        return infos;
    }
}
