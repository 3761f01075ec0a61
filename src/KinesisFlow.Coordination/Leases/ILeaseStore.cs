using KinesisFlow.Coordination.Lag;

namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// The lease table. Every mutation is conditional on the state the caller last saw (<c>seen</c>): when the item no
/// longer matches, the method returns false and writes nothing. Real faults (throttling, network, missing table)
/// throw. The resulting state of a successful write is the matching <see cref="Lease"/> transition of <c>seen</c>.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Checks (and, when configured to, creates) the table; a clear exception if it cannot be used: missing, wrong key,
    /// a KCL multi-stream table, or one KCL workers use now.
    /// </summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Every lease, read consistently; items of the table that are not leases (KCL 3.5+ leader, migration-state, worker-metrics) are skipped.</summary>
    Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every lease and every worker heartbeat, read with eventual consistency (half the read cost of a consistent read):
    /// the periodic balancing scan, which judges expiry by changes seen over several scans and writes only conditionally.
    /// </summary>
    Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The keys of the leases <paramref name="workerId"/> owns, through the table's <c>leaseOwner</c> index (eventually
    /// consistent: a change may show a moment late). Null when the index is not usable yet (being created, or it could
    /// not be created): the caller then relies on its scans.
    /// </summary>
    Task<IReadOnlyList<string>?> ListOwnedKeysAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>
    /// Bumps <paramref name="workerId"/>'s heartbeat counter (creating its heartbeat item), replaces the lag report the
    /// item carries with <paramref name="lags"/> (removes it when null), and returns the new counter. Unconditional: only
    /// that worker writes it.
    /// </summary>
    Task<long> HeartbeatAsync(string workerId, LagReport? lags, CancellationToken cancellationToken);

    /// <summary>
    /// Tells <paramref name="newOwner"/> that a handoff to it was completed: bumps the <c>handoffsCompleted</c> counter of
    /// its heartbeat item (nothing when it has none). The new owner watches that one small item while handoffs to it
    /// are pending, instead of reading every pending lease.
    /// </summary>
    Task SignalHandoffCompletedAsync(string newOwner, CancellationToken cancellationToken);

    /// <summary>The <c>handoffsCompleted</c> counter of <paramref name="workerId"/>'s heartbeat item, read consistently; 0 when absent.</summary>
    Task<long> ReadHandoffSignalAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="workerId"/>'s heartbeat item (graceful stop, after its leases were released).</summary>
    Task DeleteHeartbeatAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="workerId"/> has a heartbeat item, read consistently: the leader checks it after assigning
    /// leases, since a worker that stopped meanwhile deleted it and will not take them up.
    /// </summary>
    Task<bool> HasHeartbeatAsync(string workerId, CancellationToken cancellationToken);

    /// <summary>
    /// The leader item (<see cref="LeaderLease.Key"/>), read with eventual consistency (followers judge it by changes
    /// over several reads, and every claim is conditional); null when there is none.
    /// </summary>
    Task<LeaderLease?> ReadLeaderAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the leader item as <paramref name="next"/> if it is as seen: absent when <paramref name="seen"/> is null,
    /// else the same worker and counter. False otherwise (someone else claimed or renewed it first). Claims a vacant
    /// leadership, takes over a silent leader's, and renews one's own alike.
    /// </summary>
    Task<bool> WriteLeaderAsync(LeaderLease? seen, LeaderLease next, CancellationToken cancellationToken);

    /// <summary>Deletes the leader item if it is as seen (a leader resigning at a graceful stop); false otherwise.</summary>
    Task<bool> DeleteLeaderAsync(LeaderLease seen, CancellationToken cancellationToken);

    /// <summary>One lease, read consistently; null when absent or not a lease.</summary>
    Task<Lease?> GetAsync(string leaseKey, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="lease"/> if no lease with its key exists. False if one does.</summary>
    Task<bool> CreateIfAbsentAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>If counter and owner are as seen: counter + 1 (<see cref="Lease.Renewed"/>).</summary>
    Task<bool> RenewAsync(Lease seen, CancellationToken cancellationToken);

    /// <summary>If counter and owner are as seen: owner = <paramref name="newOwner"/>, counter + 1, handoff cleared (<see cref="Lease.TakenBy"/>). Take and steal alike.</summary>
    Task<bool> TakeAsync(Lease seen, string newOwner, CancellationToken cancellationToken);

    /// <summary>If counter and owner are as seen: no owner, counter + 1 (<see cref="Lease.Released"/>). Evict and graceful release alike.</summary>
    Task<bool> ReleaseAsync(Lease seen, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a checkpoint (<see cref="Lease.Checkpointed"/>) and clears any KCL pending checkpoint. Condition: counter,
    /// owner and <c>checkpointOwner</c> are as seen (so the handing-off owner may checkpoint until it lets go or
    /// anyone takes the lease). <paramref name="childShardIds"/>, when given, replaces <c>childShardIds</c> (at SHARD_END).
    /// </summary>
    Task<bool> CheckpointAsync(Lease seen, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken);

    /// <summary>If counter and owner are as seen and no handoff is pending: owner = <paramref name="newOwner"/>, checkpointOwner = old owner, counter + 1.</summary>
    Task<bool> RequestHandoffAsync(Lease seen, string newOwner, CancellationToken cancellationToken);

    /// <summary>If checkpointOwner and owner are as seen: checkpointOwner removed, counter unchanged (<see cref="Lease.HandoffCompleted"/>).</summary>
    Task<bool> CompleteHandoffAsync(Lease seen, CancellationToken cancellationToken);

    /// <summary>If the counter is as seen: the item is deleted (finished parents, once their children are under way).</summary>
    Task<bool> DeleteAsync(Lease seen, CancellationToken cancellationToken);
}
