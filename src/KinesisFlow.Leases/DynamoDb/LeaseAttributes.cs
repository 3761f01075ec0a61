namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The lease table's attribute names: the KCL 2.x names, so that KCL and KinesisFlow can share a table, plus our own on the heartbeat and leader items.</summary>
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

    /// <summary>
    /// The KCL's pending checkpoint (two-phase checkpoint at shutdown): <c>pendingCheckpoint</c> (S),
    /// <c>pendingCheckpointSubSequenceNumber</c> (N), <c>pendingCheckpointState</c> (B). Never read; every checkpoint
    /// removes them, as the KCL's does, so that a stale one cannot outlive a newer checkpoint.
    /// </summary>
    public const string PendingCheckpoint = "pendingCheckpoint";
    public const string PendingCheckpointSubSequenceNumber = "pendingCheckpointSubSequenceNumber";
    public const string PendingCheckpointState = "pendingCheckpointState";

    /// <summary>
    /// KCL 3.5+: what an item is (S). The KCL keeps non-lease items in the lease table (its leader lock, migration
    /// state, one worker-metrics item per worker, stream info), each with an <c>entityType</c> other than
    /// <see cref="LeaseEntityType"/>; items without the attribute are leases (every KCL 2.x and KinesisFlow item).
    /// </summary>
    public const string EntityType = "entityType";

    /// <summary>
    /// A KCL multi-stream lease's stream (<c>account:stream:creationEpoch</c>; its key is that plus <c>:shardId</c>).
    /// KinesisFlow refuses such tables at start-up (<see cref="KclTableCheck"/>).
    /// </summary>
    public const string StreamName = "streamName";

    /// <summary>The <see cref="EntityType"/> of a lease, which KCL 3.5+ writes on its lease items.</summary>
    public const string LeaseEntityType = "LEASE";

    /// <summary>
    /// The <see cref="EntityType"/> of a KinesisFlow worker's heartbeat item (<c>leaseKey</c> <c>heartbeat#</c>worker id):
    /// not LEASE, so both KinesisFlow and the KCL 3.5+ skip it when listing leases.
    /// </summary>
    public const string HeartbeatEntityType = "KINESISFLOW_HEARTBEAT";

    /// <summary>
    /// The <see cref="EntityType"/> of KinesisFlow's leader item (<c>leaseKey</c> <c>leader#kinesisflow</c>): not LEASE,
    /// and not the KCL 3.5's <c>LEADER</c>, so neither takes the other's lock for its own.
    /// </summary>
    public const string LeaderEntityType = "KINESISFLOW_LEADER";

    /// <summary>Ours, on the leader item: bumped by every claim and renewal of the leadership (N).</summary>
    public const string LeaderCounter = "leaderCounter";

    /// <summary>Ours, on a heartbeat item and the leader item: the worker id (S), as it appears in <c>leaseOwner</c>.</summary>
    public const string WorkerId = "workerId";

    /// <summary>Ours, on a heartbeat item: bumped by every heartbeat (N); on the leader item, the leader's as of its last renewal.</summary>
    public const string HeartbeatCounter = "heartbeatCounter";

    /// <summary>Ours, on a heartbeat item: bumped by each previous owner that completed a handoff to this worker (N).</summary>
    public const string HandoffsCompleted = "handoffsCompleted";

    /// <summary>
    /// Ours, on a heartbeat item: the worker's lag report (M), shard id → a list of two numbers, [MillisBehindLatest,
    /// shard lag in milliseconds] (the larger of MillisBehindLatest and the age of the oldest record read but not yet
    /// acknowledged by every sink). Absent when the worker reports nothing.
    /// </summary>
    public const string ShardLags = "shardLags";

    /// <summary>Ours, on a heartbeat item: when <see cref="ShardLags"/> was computed, Unix milliseconds of the worker's wall clock (N; display only).</summary>
    public const string LagReportedAt = "lagReportedAt";
}
