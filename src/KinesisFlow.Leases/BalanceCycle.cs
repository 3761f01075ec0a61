using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// One scan of the table (leases and heartbeats, eventually consistent) and what follows from it: shard sync when due,
/// expiry observations (by heartbeat where the owner keeps one, by the lease's counter otherwise), reconciling what this
/// worker holds (fencer) and adopting what the table names it for (taker), then the pure balancer's plan, carried out
/// by the taker. Cycles never overlap.
/// </summary>
internal sealed class BalanceCycle(
    HeldLeases leases, ILeaseStore store, LeaseFencer fencer, LeaseTaker taker, ShardSyncTrigger shardSync, LeaseOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await shardSync.RunIfDueAsync(cancellationToken);
            var scan = await store.ScanAsync(cancellationToken);
            var listing = scan.Leases;
            var observations = leases.Tracker.Observe(scan);
            var listed = listing.ToDictionary(lease => lease.LeaseKey, StringComparer.Ordinal);
            await fencer.ReconcileAsync(listed, cancellationToken);
            await taker.AdoptAsync(listing, listed, cancellationToken);
            if (leases.Stopping)
            {
                // Still learns of handoffs asked of it and of losses (above), but plans no move.
                return;
            }

            var plan = LeaseBalancer.Plan(new LeaseSnapshot(leases.WorkerId, listing, observations, leases.Now) { KnownWorkers = leases.Tracker.LiveWorkers }, options);
            LeaseCoordinatorLog.Balanced(leases.Logger, leases.WorkerId, plan.Target, plan.LiveWorkers, plan.Take.Count, plan.Steal.Count, plan.RequestHandoff.Count, plan.Release.Count);
            await taker.ExecuteAsync(plan, listed, fencer, cancellationToken);
            leases.Telemetry?.WorkerObserved(leases.WorkerId, leases.Owned().Count, plan.LiveWorkers, WaitingOnParents(listing));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Unfinished leases that cannot be processed yet because a parent has not reached its end.</summary>
    private static int WaitingOnParents(IReadOnlyList<Lease> leases)
    {
        var present = leases.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        var finished = leases.Where(lease => lease.IsFinished).Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        return leases.Count(lease => !lease.IsFinished && !LeaseBalancer.ParentsFinished(lease, present, finished));
    }
}
