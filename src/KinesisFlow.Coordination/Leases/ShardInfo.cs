namespace KinesisFlow.Coordination.Leases;

/// <summary>One shard as ListShards describes it: what shard sync needs to create leases and record lineage.</summary>
/// <param name="ShardId">The shard id (the lease key).</param>
/// <param name="ParentShardId">The shard it was split from or merged from, if any.</param>
/// <param name="AdjacentParentShardId">The second parent of a merge, if any.</param>
/// <param name="HashKeyRange">The hash keys it serves.</param>
/// <param name="EndingSequenceNumber">Set once the shard is closed (split or merged away); null while open.</param>
public sealed record ShardInfo(
    string ShardId,
    string? ParentShardId,
    string? AdjacentParentShardId,
    HashKeyRange HashKeyRange,
    string? EndingSequenceNumber = null)
{
    public bool IsClosed => EndingSequenceNumber is not null;

    public IEnumerable<string> ParentShardIds
    {
        get
        {
            if (ParentShardId is not null)
            {
                yield return ParentShardId;
            }

            if (AdjacentParentShardId is not null)
            {
                yield return AdjacentParentShardId;
            }
        }
    }
}
