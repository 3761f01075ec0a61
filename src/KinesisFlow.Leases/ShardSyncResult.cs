namespace KinesisFlow.Leases;

/// <summary>What one shard sync did.</summary>
public sealed record ShardSyncResult(int Shards, int Created, int Deleted, int HolesRepaired);
