namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The lease table's attribute names: the KCL 2.x names, so that KCL and KinesisFlow can share a table, plus our lag report.</summary>
public static class LeaseAttributes
{
    public const string LeaseKey = "leaseKey";
    public const string LeaseOwner = "leaseOwner";
    public const string LeaseCounter = "leaseCounter";
    public const string Checkpoint = "checkpoint";
    public const string CheckpointSubSequenceNumber = "checkpointSubSequenceNumber";
    public const string OwnerSwitchesSinceCheckpoint = "ownerSwitchesSinceCheckpoint";

    /// <summary>A string set despite the singular name (the KCL's).</summary>
    public const string ParentShardId = "parentShardId";
    public const string ChildShardIds = "childShardIds";
    public const string StartingHashKey = "startingHashKey";
    public const string EndingHashKey = "endingHashKey";
    public const string CheckpointOwner = "checkpointOwner";

    /// <summary>Ours: the owner's last MillisBehindLatest for the shard (N).</summary>
    public const string MillisBehindLatest = "millisBehindLatest";

    /// <summary>
    /// Ours: the owner's shard lag for the shard in milliseconds (N): the larger of MillisBehindLatest and the age of
    /// the oldest record read but not yet acknowledged by every sink. The KCL ignores attributes it does not know.
    /// </summary>
    public const string ShardLagMillis = "shardLagMillis";

    /// <summary>Ours: when that was reported, Unix milliseconds of the owner's wall clock (N; display only).</summary>
    public const string LagReportedAt = "lagReportedAt";
}
