namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// Shard sync as a pure function of the shard list and the lease table. For a shard without a lease:
/// <list type="bullet">
/// <item>a descendant has a lease: skip it (it was processed and cleaned up; recreating it would replay it);</item>
/// <item>its lineage was being processed (an ancestor has a lease, or an ancestor's descendants do): create it at
/// TRIM_HORIZON, so nothing after the reshard is lost whatever the initial position;</item>
/// <item>otherwise (a fresh table): open shards at the initial position; closed shards too unless it is LATEST.</item>
/// </list>
/// Finished (SHARD_END) leases are deleted once every child has a lease that is owned or has progressed (or was
/// itself cleaned up). Every open shard always gets a lease, which repairs any hole in the hash-key range.
/// </summary>
public static class ShardSyncPlanner
{
    public static ShardSyncPlan Plan(IReadOnlyList<ShardInfo> shards, IReadOnlyList<Lease> leases, ExtendedSequenceNumber initialPosition)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(leases);
        if (!initialPosition.IsStartingPosition)
        {
            throw new ArgumentException($"Initial position must be TRIM_HORIZON, LATEST or AT_TIMESTAMP (got {initialPosition}).", nameof(initialPosition));
        }

        var lineage = new ShardLineage(shards, leases);
        var create = new List<Lease>();
        foreach (var shard in lineage.AncestorsFirst())
        {
            if (lineage.HasLease(shard.ShardId) || lineage.DescendantHasLease(shard.ShardId))
            {
                continue;
            }

            ExtendedSequenceNumber? start = lineage.LineageStarted(shard.ShardId) ? ExtendedSequenceNumber.TrimHorizon
                : !shard.IsClosed || initialPosition != ExtendedSequenceNumber.Latest ? initialPosition
                : null;
            if (start is { } checkpoint)
            {
                var lease = Lease.Create(shard.ShardId, checkpoint, shard.ParentShardIds, shard.HashKeyRange);
                create.Add(lease);
                lineage.Add(lease);
            }
        }

        var delete = leases.Where(lease => lease.IsFinished && lineage.ChildrenUnderWay(lease)).ToList();
        var holes = HashRangeCoverage.FindHoles(leases
            .Where(lease => !lease.IsFinished && lease.HashKeyRange is not null)
            .Select(lease => lease.HashKeyRange!.Value));
        return new ShardSyncPlan(create, delete, shards.Count == 0 ? [] : holes);
    }
}
