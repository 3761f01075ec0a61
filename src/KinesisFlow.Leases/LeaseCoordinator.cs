using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases;

/// <summary>
/// One worker's side of the lease protocol, and only its schedule: the parts do the work — <see cref="LeaseRenewer"/>
/// keeps claims alive (one heartbeat item per worker, not a renewal per lease), <see cref="BalanceCycle"/> lists and balances (through <see cref="LeaseTaker"/>, which makes
/// leases this worker's), <see cref="LeaseFencer"/> fences checkpoints and lets go, <see cref="HandoffWatch"/> starts a
/// shard handed to this worker as soon as the old owner let go, <see cref="ShardSyncTrigger"/> syncs shards. The consumer learns which shards to process from <see cref="OwnedLeases"/>,
/// <see cref="OwnedLeasesChanged"/> and each <see cref="ShardLease.Revoked"/>. <see cref="StopAsync"/> releases every
/// lease (graceful); <see cref="DisposeAsync"/> only stops the loops, as a crash would. Once stopping began
/// (<see cref="StopTaking"/>) no take, steal, handoff request or handoff acceptance starts, and a take whose outcome is
/// unknown is re-read and released if it went through, so that a fleet that stops gracefully leaves no lease owned.
/// </summary>
public sealed class LeaseCoordinator : IAsyncDisposable
{
    private readonly ILeaseStore _store;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HeldLeases _leases;
    private readonly LeaseFencer _fencer;
    private readonly LeaseRenewer _renewer;
    private readonly LeaseTaker _taker;
    private readonly BalanceCycle _balance;
    private readonly HandoffWatch _handoffs;
    private readonly LeaderElector? _elector;
    private CancellationTokenSource? _loops;
    private Task _running = Task.CompletedTask;

    /// <param name="workerId">This worker's id, unique in the fleet (written as <c>leaseOwner</c>).</param>
    /// <param name="store">The lease table.</param>
    /// <param name="options">Timing and balancing; invalid options throw here.</param>
    /// <param name="time">The clock for intervals and expiry (monotonic timestamps only).</param>
    /// <param name="logger">Where ownership changes are logged.</param>
    /// <param name="synchronizer">Shard sync to run at start and every <see cref="LeaseOptions.ShardSyncInterval"/>; null when leases are managed elsewhere.</param>
    /// <param name="telemetry">Where lease takes, steals, losses, handoffs and the per-worker gauges are reported; null = nowhere.</param>
    public LeaseCoordinator(
        string workerId,
        ILeaseStore store,
        LeaseOptions options,
        TimeProvider time,
        ILogger<LeaseCoordinator> logger,
        ShardSynchronizer? synchronizer = null,
        LeaseInstruments? telemetry = null)
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

        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _leases = new HeldLeases(workerId, new LeaseExpiryTracker(time, options.LeaseDuration), logger, telemetry);
        _leases.Changed += (_, _) => OwnedLeasesChanged?.Invoke(this, EventArgs.Empty);
        _fencer = new LeaseFencer(_leases, store);
        _taker = new LeaseTaker(_leases, store);
        _elector = options.LeaderElection ? new LeaderElector(_leases, store, options) : null;
        _renewer = new LeaseRenewer(_leases, store, _fencer, _taker, _elector, options, time);
        _renewer.CycleCompleted += (_, _) => RenewalCycleCompleted?.Invoke(this, EventArgs.Empty);
        _handoffs = new HandoffWatch(_leases, store, _fencer, _elector is null ? null : _taker, options);
        _balance = new BalanceCycle(
            _leases, store, _fencer, _taker, new ShardSyncTrigger(synchronizer, _leases, options), _elector, new LeaseAssigner(_leases, store, options), options);
    }

    public string WorkerId => _leases.WorkerId;

    /// <summary>Raised (on a coordinator thread) whenever a shard is gained or revoked; read <see cref="OwnedLeases"/> then.</summary>
    public event EventHandler? OwnedLeasesChanged;

    /// <summary>
    /// Raised after each renew cycle in which the heartbeat and the owner read reached the table (not throttled or
    /// failed), even with nothing held: the liveness signal for readiness checks.
    /// </summary>
    public event EventHandler? RenewalCycleCompleted;

    /// <summary>The shards this worker should be processing now.</summary>
    public IReadOnlyList<ShardLease> OwnedLeases => _leases.Owned();

    /// <summary>This worker is the fleet's elected leader (<see cref="LeaseOptions.LeaderElection"/>): it scans the table and assigns leases.</summary>
    public bool IsLeader => _elector?.IsLeader == true;

    /// <summary>Checks the table, writes a first heartbeat, syncs shards and balances once, then starts the renew, balance and handoff-watch loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loops is not null)
        {
            throw new InvalidOperationException($"Lease coordinator {WorkerId} is already started.");
        }

        await _store.EnsureReadyAsync(cancellationToken);

        // Heartbeat first, so that peers judge the leases this worker is about to take by it. The table answered just
        // above, so a failure here is a passing one (a throttled call the client gave up on): the loops retry it at
        // their next interval, as they would any later cycle, rather than failing the whole start.
        await RunFirstCycleAsync("renew", RunRenewCycleAsync, cancellationToken);
        await RunFirstCycleAsync("balance", RunBalanceCycleAsync, cancellationToken);
        _loops = new CancellationTokenSource();
        _running = Task.WhenAll(
            RunLoopAsync("renew", _options.EffectiveRenewInterval, RunRenewCycleAsync, _loops.Token),
            RunLoopAsync("balance", _options.EffectiveBalanceInterval, RunBalanceCycleAsync, _loops.Token),
            RunLoopAsync("handoff watch", HandoffWatch.Interval, RunHandoffWatchAsync, _loops.Token));
    }

    /// <summary>
    /// The first step of a graceful stop, taken when it begins: from now on this worker takes, steals and accepts no
    /// lease (a handoff completed to it is released at <see cref="StopAsync"/>, not processed), while it keeps renewing
    /// and checkpointing what it holds so that its shard tasks can drain. Idempotent.
    /// </summary>
    public void StopTaking() => _leases.StopTaking();

    /// <summary>
    /// Stops the loops and releases every lease still held (peers take them at once, not after expiry), then every
    /// lease a cut-off write may have made this worker's. The consumer calls <see cref="StopTaking"/>, then stops its
    /// shard tasks (which checkpoint what was acknowledged), before calling this.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopTaking();
        await StopLoopsAsync();
        foreach (var held in _leases.Held.Values.ToArray())
        {
            await _fencer.ReleaseAsync(held.Key, cancellationToken);
        }

        await _taker.ReleaseInDoubtAsync(cancellationToken);
        if (_elector is not null)
        {
            await _elector.ResignAsync(cancellationToken);
        }

        // Nothing is held any more: peers need not watch this worker's heartbeat.
        await _store.DeleteHeartbeatAsync(WorkerId, cancellationToken);
        if (_elector is not null && await _store.ListOwnedKeysAsync(WorkerId, cancellationToken) is { } late)
        {
            // A leader that scanned before the heartbeat was deleted may still have assigned a lease to this worker.
            foreach (var key in late)
            {
                _leases.InDoubt[key] = 0;
            }

            await _taker.ReleaseInDoubtAsync(cancellationToken);
        }

        _leases.Telemetry?.WorkerStopped(WorkerId);
    }

    /// <summary>Stops the loops without releasing anything: to peers this worker simply vanishes, as after a crash.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        foreach (var held in _leases.Held.Values)
        {
            held.Handle?.Revoke(LeaseRevocation.Lost);
        }

        _leases.Telemetry?.WorkerStopped(WorkerId);
        _balance.Dispose();
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

        return _fencer.CheckpointAsync(shardId, checkpoint, null, cancellationToken);
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
        if (!await _fencer.CheckpointAsync(shardId, ExtendedSequenceNumber.ShardEnd, childIds, cancellationToken))
        {
            return false;
        }

        LeaseCoordinatorLog.ShardEnded(_logger, WorkerId, shardId, string.Join(",", childIds));
        if (_leases.Held.TryRemove(shardId, out var held))
        {
            held.Handle?.Revoke(LeaseRevocation.ShardEnded);
            _leases.RaiseChanged();
        }

        return true;
    }

    /// <summary>
    /// Lets a lease go: ends a handoff this worker was asked for (after the shard task's last checkpoint), or releases
    /// a held lease so that a peer takes it at once. The supervisor calls it when a task revoked with
    /// <see cref="LeaseRevocation.HandoffRequested"/> ends, or at once if no task ran for that shard.
    /// </summary>
    public Task<bool> ReleaseAsync(string shardId, CancellationToken cancellationToken) => _fencer.ReleaseAsync(shardId, cancellationToken);

    /// <summary>
    /// Records a shard's lag inputs: the last MillisBehindLatest (null: none read yet) and the arrival time of its oldest
    /// record read but not yet acknowledged (null: none waits). The shard lag (<see cref="Coordination.Lag.ShardLag"/>) is
    /// computed from them at every heartbeat, which carries it to the table (for <c>status</c>), so it keeps growing
    /// while a stuck sink stops every report.
    /// </summary>
    public void ReportLag(string shardId, long? millisBehindLatest, DateTimeOffset? oldestUnacknowledgedArrival)
    {
        if (_leases.Held.TryGetValue(shardId, out var held))
        {
            held.MillisBehindLatest = millisBehindLatest ?? held.MillisBehindLatest;
            held.OldestUnacknowledgedArrival = oldestUnacknowledgedArrival;
        }
    }

    /// <summary>One renew cycle (the renew loop's body; tests drive it on fake time).</summary>
    internal Task RunRenewCycleAsync(CancellationToken cancellationToken) => _renewer.RunCycleAsync(cancellationToken);

    /// <summary>One balance cycle (the balance loop's body; tests drive it on fake time).</summary>
    internal Task RunBalanceCycleAsync(CancellationToken cancellationToken) => _balance.RunAsync(cancellationToken);

    /// <summary>One look at the handoffs asked for and not completed yet (the handoff-watch loop's body).</summary>
    internal Task RunHandoffWatchAsync(CancellationToken cancellationToken) => _handoffs.RunCycleAsync(cancellationToken);

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

    private async Task RunFirstCycleAsync(string name, Func<CancellationToken, Task> cycle, CancellationToken cancellationToken)
    {
        try
        {
            await cycle(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LeaseCoordinatorLog.CycleFailed(_logger, exception, WorkerId, name);
        }
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
