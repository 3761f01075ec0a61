namespace KinesisFlow.Coordination.Leases;

/// <summary>The family tree of a stream's shards joined with the lease table; answers shard sync's questions.</summary>
internal sealed class ShardLineage
{
    private readonly Dictionary<string, ShardInfo> _shards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _descendantHasLease = new(StringComparer.Ordinal);

    public ShardLineage(IReadOnlyList<ShardInfo> shards, IReadOnlyList<Lease> leases)
    {
        foreach (var shard in shards)
        {
            _shards[shard.ShardId] = shard;
            foreach (var parent in shard.ParentShardIds)
            {
                if (!_children.TryGetValue(parent, out var children))
                {
                    _children[parent] = children = [];
                }

                children.Add(shard.ShardId);
            }
        }

        foreach (var lease in leases)
        {
            _leases[lease.LeaseKey] = lease;
        }
    }

    public bool HasLease(string shardId) => _leases.ContainsKey(shardId);

    public void Add(Lease lease) => _leases[lease.LeaseKey] = lease;

    /// <summary>Shards ordered by depth (ancestors first), then id, so that parents are created before children.</summary>
    public IEnumerable<ShardInfo> AncestorsFirst()
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string id) => depth.TryGetValue(id, out var known) ? known
            : depth[id] = _shards.TryGetValue(id, out var shard) ? shard.ParentShardIds.Select(Depth).DefaultIfEmpty(-1).Max() + 1 : -1;
        return _shards.Values.OrderBy(shard => Depth(shard.ShardId)).ThenBy(shard => shard.ShardId, StringComparer.Ordinal).ToList();
    }

    public bool DescendantHasLease(string shardId)
    {
        if (_descendantHasLease.TryGetValue(shardId, out var known))
        {
            return known;
        }

        var result = _children.TryGetValue(shardId, out var children)
            && children.Any(child => HasLease(child) || DescendantHasLease(child));
        _descendantHasLease[shardId] = result;
        return result;
    }

    /// <summary>Some ancestor has a lease, or was processed (a descendant of it has one): this shard continues that work.</summary>
    public bool LineageStarted(string shardId) =>
        _shards.TryGetValue(shardId, out var shard)
        && shard.ParentShardIds.Any(parent => HasLease(parent) || DescendantHasLease(parent) || LineageStarted(parent));

    /// <summary>Every child of a finished lease has a lease that is owned or has progressed, or was itself cleaned up.</summary>
    public bool ChildrenUnderWay(Lease finished)
    {
        var children = finished.ChildShardIds
            .Concat(_children.GetValueOrDefault(finished.LeaseKey) ?? [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return children.Count > 0 && children.All(child =>
            _leases.TryGetValue(child, out var lease)
                ? lease.LeaseOwner is not null || !lease.Checkpoint.IsStartingPosition
                : DescendantHasLease(child));
    }
}
