using System.Collections.Concurrent;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Observability;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases;

/// <summary>
/// One worker's side of the lease protocol: renews what it holds every renew interval, lists the table and balances
/// every balance interval (taking, stealing, asking for handoffs, per <see cref="LeaseBalancer"/>), syncs shards, and
/// tells the consumer which shards to process (<see cref="OwnedLeases"/>, <see cref="OwnedLeasesChanged"/>, each
/// <see cref="ShardLease.Revoked"/>). Checkpoints go through it so that they are fenced by the lease.
/// <see cref="StopAsync"/> releases every lease (graceful); <see cref="DisposeAsync"/> only stops the loops, as a
/// crash would. Once stopping began (<see cref="StopTaking"/>) no take, steal, handoff request or handoff acceptance
/// starts, and a take whose outcome is unknown is re-read and released if it went through, so that a fleet that stops
/// gracefully leaves no lease owned.
/// </summary>
public sealed partial class LeaseCoordinator : IAsyncDisposable
{
    private const int RenewParallelism = 8;

    private readonly ILeaseStore _store;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ShardSynchronizer? _synchronizer;
    private readonly Random _random;
    private readonly KinesisFlowTelemetry? _telemetry;
    private readonly LeaseExpiryTracker _tracker;
    private readonly ConcurrentDictionary<string, HeldLease> _held = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _balanceGate = new(1, 1);

    // Leases a write may have made this worker's without it knowing (a take or handoff request cancelled, timed out or
    // cut off after it was sent): resolved by the next listing while running, by re-reading them when stopping.
    private readonly ConcurrentDictionary<string, byte> _inDoubt = new(StringComparer.Ordinal);
    private volatile bool _stopping;
    private CancellationTokenSource? _loops;
    private Task _running = Task.CompletedTask;
    private TimeSpan? _lastShardSync;
    private int _renewFaults;

    /// <param name="workerId">This worker's id, unique in the fleet (written as <c>leaseOwner</c>).</param>
    /// <param name="store">The lease table.</param>
    /// <param name="options">Timing and balancing; invalid options throw here.</param>
    /// <param name="time">The clock for intervals and expiry (monotonic timestamps only).</param>
    /// <param name="logger">Where ownership changes are logged.</param>
    /// <param name="synchronizer">Shard sync to run at start and every <see cref="LeaseOptions.ShardSyncInterval"/>; null when leases are managed elsewhere.</param>
    /// <param name="random">The balancer's randomness (seed it in tests); null = a fresh one.</param>
    /// <param name="telemetry">Where lease takes, steals, losses, handoffs and the per-worker gauges are reported; null = nowhere.</param>
    public LeaseCoordinator(
        string workerId,
        ILeaseStore store,
        LeaseOptions options,
        TimeProvider time,
        ILogger<LeaseCoordinator> logger,
        ShardSynchronizer? synchronizer = null,
        Random? random = null,
        KinesisFlowTelemetry? telemetry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        WorkerId = workerId;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _synchronizer = synchronizer;
        _random = random ?? new Random();
        _telemetry = telemetry;
        _tracker = new LeaseExpiryTracker(time, options.LeaseDuration);
    }

    public string WorkerId { get; }

    /// <summary>Raised (on a coordinator thread) whenever a shard is gained or revoked; read <see cref="OwnedLeases"/> then.</summary>
    public event EventHandler? OwnedLeasesChanged;

    /// <summary>
    /// Raised after each renew cycle in which every renewal reached the table (won or lost; not throttled or failed),
    /// even with nothing to renew: the liveness signal for readiness checks.
    /// </summary>
    public event EventHandler? RenewalCycleCompleted;

    /// <summary>The shards this worker should be processing now.</summary>
    public IReadOnlyList<ShardLease> OwnedLeases
    {
        get
        {
            var owned = new List<ShardLease>();
            foreach (var held in _held.Values)
            {
                if (held.Handle is { Revocation: LeaseRevocation.None } handle)
                {
                    owned.Add(handle);
                }
            }

            return owned;
        }
    }

    /// <summary>Checks the table, syncs shards and balances once, then starts the renew and balance loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loops is not null)
        {
            throw new InvalidOperationException($"Lease coordinator {WorkerId} is already started.");
        }

        await _store.EnsureReadyAsync(cancellationToken);
        await RunBalanceCycleAsync(cancellationToken);
        _loops = new CancellationTokenSource();
        _running = Task.WhenAll(
            RunLoopAsync("renew", _options.EffectiveRenewInterval, RunRenewCycleAsync, _loops.Token),
            RunLoopAsync("balance", _options.EffectiveBalanceInterval, RunBalanceCycleAsync, _loops.Token));
    }

    /// <summary>
    /// The first step of a graceful stop, taken when it begins: from now on this worker takes, steals and accepts no
    /// lease (a handoff completed to it is released at <see cref="StopAsync"/>, not processed), while it keeps renewing
    /// and checkpointing what it holds so that its shard tasks can drain. Idempotent.
    /// </summary>
    public void StopTaking() => _stopping = true;

    /// <summary>
    /// Stops the loops and releases every lease still held (peers take them at once, not after expiry), then every
    /// lease a cut-off write may have made this worker's. The consumer calls <see cref="StopTaking"/>, then stops its
    /// shard tasks (which checkpoint what was acknowledged), before calling this.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopTaking();
        await StopLoopsAsync();
        foreach (var held in _held.Values.ToArray())
        {
            await ReleaseAsync(held.Key, cancellationToken);
        }

        await ReleaseInDoubtAsync(cancellationToken);
        _telemetry?.WorkerStopped(WorkerId);
    }

    /// <summary>Stops the loops without releasing anything: to peers this worker simply vanishes, as after a crash.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        foreach (var held in _held.Values)
        {
            held.Handle?.Revoke(LeaseRevocation.Lost);
        }

        _telemetry?.WorkerStopped(WorkerId);
        _balanceGate.Dispose();
    }

    /// <summary>
    /// Writes a checkpoint for a shard this worker processes (or is handing off). False when the lease is no longer
    /// this worker's: the shard task stops without retrying. A checkpoint behind the current one is a bug and throws.
    /// </summary>
    public Task<bool> CheckpointAsync(string shardId, ExtendedSequenceNumber checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint.IsShardEnd)
        {
            throw new ArgumentException("Use CheckpointShardEndAsync to end a shard, so that its children get leases.", nameof(checkpoint));
        }

        return CheckpointCoreAsync(shardId, checkpoint, null, cancellationToken);
    }

    /// <summary>
    /// Ends a shard: creates its children's leases (TRIM_HORIZON, lineage recorded), then checkpoints SHARD_END with
    /// <c>childShardIds</c>. The lease then leaves <see cref="OwnedLeases"/> and the children become takeable.
    /// </summary>
    public async Task<bool> CheckpointShardEndAsync(string shardId, IReadOnlyList<ChildShard> childShards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childShards);
        foreach (var child in childShards)
        {
            await _store.CreateIfAbsentAsync(
                Lease.Create(child.ShardId, ExtendedSequenceNumber.TrimHorizon, child.ParentShards, child.HashKeyRange),
                cancellationToken);
        }

        var childIds = childShards.Select(child => child.ShardId).ToArray();
        if (!await CheckpointCoreAsync(shardId, ExtendedSequenceNumber.ShardEnd, childIds, cancellationToken))
        {
            return false;
        }

        LeaseCoordinatorLog.ShardEnded(_logger, WorkerId, shardId, string.Join(",", childIds));
        if (_held.TryRemove(shardId, out var held))
        {
            held.Handle?.Revoke(LeaseRevocation.ShardEnded);
            RaiseChanged();
        }

        return true;
    }

    /// <summary>
    /// Lets a lease go: ends a handoff this worker was asked for (after the shard task's last checkpoint), or releases
    /// a held lease so that a peer takes it at once. The supervisor calls it when a task revoked with
    /// <see cref="LeaseRevocation.HandoffRequested"/> ends, or at once if no task ran for that shard.
    /// </summary>
    public async Task<bool> ReleaseAsync(string shardId, CancellationToken cancellationToken)
    {
        if (!_held.TryGetValue(shardId, out var held))
        {
            return false;
        }

        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!_held.ContainsKey(shardId))
            {
                return false;
            }

            var released = await LetGoAsync(held.Current, cancellationToken);
            if (!released)
            {
                // As for checkpoints: a stale copy (e.g. a handoff request not seen yet) is not a lost lease.
                OnChangedByOthers(held, await _store.GetAsync(shardId, cancellationToken));
                released = _held.ContainsKey(shardId) && await LetGoAsync(held.Current, cancellationToken);
            }

            Drop(held, released ? LeaseRevocation.Released : LeaseRevocation.Lost);
            return released;
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>
    /// Records a shard's lag inputs: the last MillisBehindLatest (null: none read yet) and the arrival time of its oldest
    /// record read but not yet acknowledged (null: none waits). The shard lag (<see cref="ShardLag"/>) is computed from
    /// them when it is written to the lease (for <c>status</c>) with the renewals, so it keeps growing while a stuck
    /// sink stops every report.
    /// </summary>
    public void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival)
    {
        if (_held.TryGetValue(shardId, out var held))
        {
            held.MillisBehindLatest = millisBehindLatest ?? held.MillisBehindLatest;
            held.OldestUnacknowledgedArrival = oldestUnacknowledgedArrival;
        }
    }

    private async Task<bool> CheckpointCoreAsync(string shardId, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        if (!_held.TryGetValue(shardId, out var held))
        {
            return false;
        }

        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = held.Current;
            if (!_held.ContainsKey(shardId) || !MayCheckpoint(current))
            {
                return false;
            }

            if (checkpoint < current.Checkpoint)
            {
                throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, $"Checkpoint of {shardId} would go backwards from {current.Checkpoint}.");
            }

            var written = await _store.CheckpointAsync(current, checkpoint, childShardIds, cancellationToken);
            if (!written)
            {
                // Our copy may just be stale: a renewal whose answer was lost, or a peer's handoff request this
                // worker's cycles have not seen yet (the old owner may still checkpoint until it lets go). Re-read;
                // only a lease that is really someone else's is dropped as lost. Then once more, on the fresh copy.
                OnChangedByOthers(held, await _store.GetAsync(shardId, cancellationToken));
                current = held.Current;
                if (_held.ContainsKey(shardId) && MayCheckpoint(current))
                {
                    written = await _store.CheckpointAsync(current, checkpoint, childShardIds, cancellationToken);
                }
            }

            if (written)
            {
                held.Current = current.Checkpointed(checkpoint, childShardIds);
                if (!current.IsHandoffPending)
                {
                    held.RenewedAt = _tracker.Now;
                }

                return true;
            }

            Drop(held, LeaseRevocation.Lost);
            return false;
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>
    /// Re-reads every lease a cut-off take or handoff request may have given this worker, and releases those it did:
    /// never told it owned them, it would otherwise leave them to expire (a whole lease duration for the peers).
    /// </summary>
    private async Task ReleaseInDoubtAsync(CancellationToken cancellationToken)
    {
        foreach (var key in _inDoubt.Keys.ToArray())
        {
            _inDoubt.TryRemove(key, out _);
            if (_held.ContainsKey(key))
            {
                continue;
            }

            var fresh = await _store.GetAsync(key, cancellationToken);
            if (fresh is { LeaseOwner: var owner } && owner == WorkerId && await _store.ReleaseAsync(fresh, cancellationToken))
            {
                LeaseCoordinatorLog.ReleasedInDoubt(_logger, WorkerId, key);
            }
        }
    }

    /// <summary>
    /// Runs a write that may make a lease this worker's (take, steal, handoff request). If it ends without an answer
    /// (cancelled, timed out, cut off) it may still have been applied: the lease is marked in doubt before rethrowing.
    /// </summary>
    private async Task<bool> ClaimAsync(string leaseKey, Func<CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write(cancellationToken);
        }
        catch
        {
            _inDoubt[leaseKey] = 0;
            throw;
        }
    }

    /// <summary>Ends the handoff this worker was asked for, or releases the lease it owns; false when neither holds.</summary>
    private async Task<bool> LetGoAsync(Lease current, CancellationToken cancellationToken) =>
        current.CheckpointOwner == WorkerId && current.LeaseOwner != WorkerId
            ? await _store.CompleteHandoffAsync(current, cancellationToken)
            : current.LeaseOwner == WorkerId && await _store.ReleaseAsync(current, cancellationToken);

    /// <summary>This worker processes the lease, or is handing it off and may checkpoint until it lets go.</summary>
    private bool MayCheckpoint(Lease current) =>
        current.CheckpointOwner is null ? current.LeaseOwner == WorkerId : current.CheckpointOwner == WorkerId && current.LeaseOwner != WorkerId;

    /// <summary>Forgets a lease and revokes its handle; the caller holds its gate or owns it exclusively.</summary>
    private void Drop(HeldLease held, LeaseRevocation reason)
    {
        if (!_held.TryRemove(new KeyValuePair<string, HeldLease>(held.Key, held)))
        {
            return;
        }

        if (reason == LeaseRevocation.Lost)
        {
            LeaseCoordinatorLog.Lost(_logger, WorkerId, held.Key);
            _telemetry?.LeaseLost(WorkerId);
        }
        else
        {
            LeaseCoordinatorLog.Released(_logger, WorkerId, held.Key, reason);
            if (reason == LeaseRevocation.Released)
            {
                _telemetry?.LeaseHandedOff(WorkerId);
            }
        }

        held.Handle?.Revoke(reason);
        RaiseChanged();
    }

    private void RaiseChanged() => OwnedLeasesChanged?.Invoke(this, EventArgs.Empty);

    private async Task StopLoopsAsync()
    {
        if (_loops is null)
        {
            return;
        }

        await _loops.CancelAsync();
        await _running;
        _loops.Dispose();
        _loops = null;
    }

    private async Task RunLoopAsync(string name, TimeSpan period, Func<CancellationToken, Task> cycle, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await cycle(stopping);
                }
                catch (Exception exception) when (!stopping.IsCancellationRequested)
                {
                    LeaseCoordinatorLog.CycleFailed(_logger, exception, WorkerId, name);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the loop ends here.
        }
    }
}
