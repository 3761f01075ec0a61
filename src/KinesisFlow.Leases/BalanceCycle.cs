using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// One scan of the table (leases and heartbeats, eventually consistent) and what follows from it: shard sync when due,
/// expiry observations (by heartbeat where the owner keeps one, by the lease's counter otherwise), reconciling what this
/// worker holds (fencer) and adopting what the table names it for (taker), then the pure balancer's plan, carried out
/// by the taker. Cycles never overlap. With a leader (<paramref name="elector"/>), only the leader does all this, and
/// it also carries out the other workers' part of the plan (<paramref name="assigner"/>); a follower does nothing here
/// (it learns its leases from the owner index in the renew cycle), unless the index is not usable: then it scans to
/// learn what it was assigned or asked to hand over, but plans nothing.
/// </summary>
internal sealed class BalanceCycle(
    HeldLeases leases,
    ILeaseStore store,
    LeaseFencer fencer,
    LeaseTaker taker,
    ShardSyncTrigger shardSync,
    LeaderElector? elector,
    LeaseAssigner assigner,
    LeaseOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var follower = elector is { IsLeader: false };
            if (follower && leases.OwnerIndexUsable)
            {
                return;
            }

            if (!follower)
            {
                await shardSync.RunIfDueAsync(cancellationToken);
            }

            var scan = await store.ScanAsync(cancellationToken);
            var listing = scan.Leases;
            var observations = leases.Tracker.Observe(scan);
            var listed = listing.ToDictionary(lease => lease.LeaseKey, StringComparer.Ordinal);
            await fencer.ReconcileAsync(listed, cancellationToken);
            await taker.AdoptAsync(listing, listed, cancellationToken);
            if (leases.Stopping || follower)
            {
                // Still learns of handoffs asked of it and of losses (above), but plans no move.
                return;
            }

            var snapshot = new LeaseSnapshot(leases.WorkerId, listing, observations, leases.Now) { KnownWorkers = leases.Tracker.LiveWorkers };
            var fleet = LeaseBalancer.Assign(snapshot, options);
            var plan = LeaseBalancer.Plan(snapshot, fleet, options);
            LeaseCoordinatorLog.Balanced(leases.Logger, leases.WorkerId, plan.Target, plan.LiveWorkers, plan.Take.Count, plan.Steal.Count, plan.RequestHandoff.Count, plan.Release.Count);
            await taker.ExecuteAsync(plan, listed, fencer, cancellationToken);
            if (elector is not null)
            {
                await assigner.AssignAsync(fleet, cancellationToken);
            }

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
