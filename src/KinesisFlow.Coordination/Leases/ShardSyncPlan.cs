namespace KinesisFlow.Coordination.Leases;

/// <summary>What one shard sync writes: leases to create (parents before children) and finished leases to delete.</summary>
/// <param name="Create">Missing leases, ancestors first, so that a child never exists without its parent's lease.</param>
/// <param name="Delete">Finished parents whose children are under way.</param>
/// <param name="HolesBefore">Hash ranges no unfinished lease covered before this sync (repaired by <paramref name="Create"/>).</param>
public sealed record ShardSyncPlan(IReadOnlyList<Lease> Create, IReadOnlyList<Lease> Delete, IReadOnlyList<HashKeyRange> HolesBefore);
