using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>The stream's shards, open and closed (ListShards with a FROM_TRIM_HORIZON filter, every page).</summary>
public interface IShardLister
{
    Task<IReadOnlyList<ShardInfo>> ListShardsAsync(CancellationToken cancellationToken);
}
