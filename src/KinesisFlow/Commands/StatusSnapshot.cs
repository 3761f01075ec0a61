namespace KinesisFlow.Cli;

/// <summary>
/// A lease as <c>status</c> shows it, whatever store it was read from; <c>OwnerHeartbeat</c> is the owner's heartbeat
/// counter when the owner keeps a heartbeat item (KinesisFlow workers do; KCL workers renew the lease itself).
/// </summary>
internal sealed record StatusLease(
    string ShardId,
    string? Owner,
    long Counter,
    string? Checkpoint,
    IReadOnlyList<string> ParentShardIds,
    string? CheckpointOwner,
    long? OwnerMillisBehindLatest,
    long? OwnerShardLagMillis = null,
    long? OwnerHeartbeat = null)
{
    /// <summary>
    /// What changes whenever the owner shows it is alive: the lease counter (take, checkpoint, a KCL renewal) or the
    /// owner's heartbeat. Both only grow, so their sum changes exactly when either does.
    /// </summary>
    public long Liveness => Counter + (OwnerHeartbeat ?? 0);
}

/// <summary>A shard of the stream as ListShards reports it.</summary>
internal sealed record StatusStreamShard(string ShardId, IReadOnlyList<string> ParentShardIds, bool IsClosed);

/// <summary>Where a shard is in its life, as far as the lease table and the stream tell.</summary>
internal enum StatusShardState
{
    /// <summary>Open and readable.</summary>
    Open,

    /// <summary>Closed by a reshard, its records not all processed yet.</summary>
    Closed,

    /// <summary>Checkpointed at SHARD_END: done.</summary>
    Finished,

    /// <summary>A parent shard has not reached SHARD_END yet.</summary>
    WaitingOnParent,

    /// <summary>A lease whose shard the stream no longer lists (trimmed past its retention).</summary>
    NotInStream,
}

/// <summary>
/// How long a lease's counter has been unchanged, as seen by this command's own refreshes on its own clock: at least
/// <see cref="AtLeast"/>, and at most <see cref="AtMost"/> when a change was seen. Unknown on the first refresh.
/// </summary>
internal readonly record struct RenewalAge(TimeSpan AtLeast, TimeSpan? AtMost)
{
    public bool IsUnknown => AtLeast == TimeSpan.Zero && AtMost is null;
}

/// <summary>One row per shard.</summary>
internal sealed record StatusShardRow(
    string ShardId,
    StatusShardState State,
    bool HasLease,
    string? Owner,
    string? Checkpoint,
    long? LeaseCounter,
    long? OwnerMillisBehindLatest,
    RenewalAge? Renewal,
    IReadOnlyList<string> ParentShardIds,
    string? HandoffFrom,
    long? OwnerShardLagMillis = null)
{
    /// <summary>
    /// What <c>status</c> shows as the shard's lag: the owner's shard lag (the larger of MillisBehindLatest and the age of
    /// the oldest record read but not yet acknowledged), or MillisBehindLatest alone from owners that do not report it.
    /// </summary>
    public long? LagMillis => OwnerShardLagMillis ?? OwnerMillisBehindLatest;
}

/// <summary>One row per worker that owns leases.</summary>
internal sealed record StatusWorkerRow(string WorkerId, int Leases, int Processing, int WaitingOnParent, long? MaxMillisBehindLatest, long? MaxLagMillis = null);

/// <summary>What <c>status</c> prints: a pure value, rendered as a table or as JSON.</summary>
internal sealed record StatusSnapshot(
    string StreamName,
    string LeaseTable,
    DateTimeOffset TakenAt,
    IReadOnlyList<StatusShardRow> Shards,
    IReadOnlyList<StatusWorkerRow> Workers,
    int UnownedLeases);
