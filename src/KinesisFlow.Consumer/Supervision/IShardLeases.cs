using KinesisFlow.Aws;
using KinesisFlow.Leases;

namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// What the shard tasks and their supervisor need from lease coordination, and nothing more: which shards this worker
/// owns now, why one stopped being owned, whether a shard's parents are finished, fenced checkpoint writes, handoffs
/// and lag reports. Every write is conditional on this worker still holding the lease; a lost condition is
/// <c>false</c>, not an exception.
/// </summary>
public interface IShardLeases
{
    /// <summary>This worker's id in the lease table.</summary>
    string WorkerId { get; }

    /// <summary>
    /// Raised (on any thread) when a shard is gained or revoked, so that the supervisor reconciles at once rather than
    /// at its next interval: a handoff of an idle shard then completes in well under a second.
    /// </summary>
    event EventHandler? Changed;

    /// <summary>The shards whose lease this worker holds right now (a snapshot, cheap to take every cycle).</summary>
    IReadOnlyCollection<OwnedShard> Owned();

    /// <summary>Why a shard this worker was given is no longer owned (<see cref="LeaseRevocation.None"/> while it is, or when unknown).</summary>
    LeaseRevocation RevocationOf(string shardId);

    /// <summary>True once every parent of the shard has reached SHARD_END (a parent without a lease counts as finished).</summary>
    ValueTask<bool> ParentsCompletedAsync(string shardId, CancellationToken cancellationToken);

    /// <summary>Writes a checkpoint; false when the lease is no longer this worker's.</summary>
    ValueTask<bool> CheckpointAsync(string shardId, string sequenceNumber, CancellationToken cancellationToken);

    /// <summary>Writes SHARD_END, creating the leases of the children that continue the shard; false when the lease is no longer this worker's.</summary>
    ValueTask<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken);

    /// <summary>Lets a lease go once its shard task stopped after a handoff request, so the asking peer takes it at once.</summary>
    ValueTask ReleaseAsync(string shardId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the shard's lag inputs for <c>status</c>: the last MillisBehindLatest (null: none read yet) and the arrival
    /// time of the oldest record read but not yet acknowledged (null: none waits). The shard lag is computed from them
    /// when it is written to the lease with the renewals.
    /// </summary>
    void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival);
}

/// <summary>
/// A lease this worker holds: the shard and its checkpoint (a sequence number or a sentinel, null when none), with the
/// checkpoint's sub-sequence number (non-zero only where a KCL application checkpointed inside a KPL-aggregated record).
/// </summary>
public sealed record OwnedShard(string ShardId, string? Checkpoint, long CheckpointSubSequenceNumber = 0);
