using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.TestKit.Fakes;

/// <summary>
/// Test code: a lease table in memory, enforcing exactly the conditions of <see cref="ILeaseStore"/> (the contract
/// suite runs against it and DynamoDB alike). Thread-safe: one lock, each method one atomic read-check-write, as
/// DynamoDB's conditional writes are.
/// </summary>
public sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonLeaseKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerHeartbeat> _heartbeats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _handoffSignals = new(StringComparer.Ordinal);
    private LeaderLease? _leader;

    /// <summary>
    /// Holds an item that is not a lease under <paramref name="key"/>, as a KCL 3.5+ table holds its leader,
    /// migration-state and worker-metrics items: never listed or read as a lease, created over or written.
    /// </summary>
    public void PutNonLeaseItem(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_gate)
        {
            _leases.Remove(key);
            _nonLeaseKeys.Add(key);
        }
    }

    /// <summary>Writes <paramref name="lease"/> unconditionally, as another application's worker (a KCL worker) may.</summary>
    public void Put(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            _nonLeaseKeys.Remove(lease.LeaseKey);
            _leases[lease.LeaseKey] = lease;
        }
    }

    public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Lease>>([.. _leases.Values]);
        }
    }

    public Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(new LeaseTableScan(
                [.. _leases.Values],
                [.. _heartbeats.Values]));
        }
    }

    public Task<IReadOnlyList<string>?> ListOwnedKeysAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The index is keyed (leaseOwner, leaseKey): the keys come back in order, as DynamoDB's query returns them.
            IReadOnlyList<string> keys = [.. _leases.Values.Where(lease => lease.LeaseOwner == workerId).Select(lease => lease.LeaseKey).Order(StringComparer.Ordinal)];
            return Task.FromResult<IReadOnlyList<string>?>(keys);
        }
    }

    public Task<long> HeartbeatAsync(string workerId, LagReport? lags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var key = WorkerHeartbeat.KeyOf(workerId);
            if (_leases.ContainsKey(key) || (_nonLeaseKeys.Contains(key) && !_heartbeats.ContainsKey(workerId)))
            {
                // DynamoDB's condition: never write over an item that is not this worker's heartbeat.
                throw new InvalidOperationException($"Item '{key}' exists and is not a heartbeat.");
            }

            _nonLeaseKeys.Add(key);
            var counter = (_heartbeats.GetValueOrDefault(workerId)?.Counter ?? 0) + 1;
            _heartbeats[workerId] = new WorkerHeartbeat(workerId, counter, lags);
            return Task.FromResult(counter);
        }
    }

    public Task SignalHandoffCompletedAsync(string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_heartbeats.ContainsKey(newOwner))
            {
                _handoffSignals[newOwner] = _handoffSignals.GetValueOrDefault(newOwner) + 1;
            }

            return Task.CompletedTask;
        }
    }

    public Task<long> ReadHandoffSignalAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_handoffSignals.GetValueOrDefault(workerId));
        }
    }

    public Task<LeaderLease?> ReadLeaderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_leader);
        }
    }

    public Task<bool> WriteLeaderAsync(LeaderLease? seen, LeaderLease next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_leases.ContainsKey(LeaderLease.Key) || !LeaderAsSeen(seen))
            {
                return Task.FromResult(false);
            }

            _leader = next;
            _nonLeaseKeys.Add(LeaderLease.Key);
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteLeaderAsync(LeaderLease seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!LeaderAsSeen(seen))
            {
                return Task.FromResult(false);
            }

            _leader = null;
            _nonLeaseKeys.Remove(LeaderLease.Key);
            return Task.FromResult(true);
        }
    }

    public Task DeleteHeartbeatAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _handoffSignals.Remove(workerId);
            if (_heartbeats.Remove(workerId))
            {
                _nonLeaseKeys.Remove(WorkerHeartbeat.KeyOf(workerId));
            }

            return Task.CompletedTask;
        }
    }

    public Task<bool> HasHeartbeatAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_heartbeats.ContainsKey(workerId));
        }
    }

    public Task<Lease?> GetAsync(string leaseKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault(leaseKey));
        }
    }

    public Task<bool> CreateIfAbsentAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(!_nonLeaseKeys.Contains(lease.LeaseKey) && _leases.TryAdd(lease.LeaseKey, lease));
        }
    }

    public Task<bool> RenewAsync(Lease seen, CancellationToken cancellationToken) =>
        Update(seen, OwnedAsSeen, current => current.Renewed(), cancellationToken);

    public Task<bool> TakeAsync(Lease seen, string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);
        return Update(seen, OwnedAsSeen, current => current.TakenBy(newOwner), cancellationToken);
    }

    public Task<bool> ReleaseAsync(Lease seen, CancellationToken cancellationToken) =>
        Update(seen, OwnedAsSeen, current => current.Released(), cancellationToken);

    public Task<bool> CheckpointAsync(Lease seen, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken) =>
        Update(seen, MayCheckpoint, current => current.Checkpointed(checkpoint, childShardIds), cancellationToken);

    public Task<bool> RequestHandoffAsync(Lease seen, string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);
        return Update(
            seen,
            static (current, seen) => OwnedAsSeen(current, seen) && current.CheckpointOwner is null,
            current => current.HandoffRequestedTo(newOwner),
            cancellationToken);
    }

    public Task<bool> CompleteHandoffAsync(Lease seen, CancellationToken cancellationToken) =>
        Update(
            seen,
            static (current, seen) => seen.CheckpointOwner is not null && current.CheckpointOwner == seen.CheckpointOwner && current.LeaseOwner == seen.LeaseOwner,
            current => current.HandoffCompleted(),
            cancellationToken);

    public Task<bool> DeleteAsync(Lease seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var matches = _leases.TryGetValue(seen.LeaseKey, out var current) && current.LeaseCounter == seen.LeaseCounter;
            return Task.FromResult(matches && _leases.Remove(seen.LeaseKey));
        }
    }

    /// <summary>DynamoDB's condition on the leader item: absent when nothing was seen, else the same worker and counter (the heartbeat copy is not compared).</summary>
    private bool LeaderAsSeen(LeaderLease? seen) =>
        seen is null
            ? _leader is null && !_nonLeaseKeys.Contains(LeaderLease.Key)
            : _leader is { } current && current.WorkerId == seen.WorkerId && current.Counter == seen.Counter;

    /// <summary>The condition of renew, take, release and handoff requests: counter and owner as last seen.</summary>
    internal static bool OwnedAsSeen(Lease current, Lease seen) =>
        current.LeaseCounter == seen.LeaseCounter && current.LeaseOwner == seen.LeaseOwner;

    /// <summary>
    /// The checkpoint condition: the fencing token and the handoff as seen (the handing-off owner keeps its right until
    /// the handoff ends, but not past a take, which bumps the counter).
    /// </summary>
    internal static bool MayCheckpoint(Lease current, Lease seen) =>
        OwnedAsSeen(current, seen) && current.CheckpointOwner == seen.CheckpointOwner;

    private Task<bool> Update(Lease seen, Func<Lease, Lease, bool> condition, Func<Lease, Lease> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_leases.TryGetValue(seen.LeaseKey, out var current) || !condition(current, seen))
            {
                return Task.FromResult(false);
            }

            _leases[seen.LeaseKey] = change(current);
            return Task.FromResult(true);
        }
    }
}
