using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Watches the handoffs to this worker that have not completed yet, so that the new owner starts reading as soon as the
/// old owner let go instead of at its next look at the table. Every <see cref="Interval"/> while any is pending, it
/// reads one small item: the <c>handoffsCompleted</c> counter of its own heartbeat item, which an old owner bumps right
/// after completing a handoff to it. Only when that changed (or a renew interval passed since the last full look, in
/// case an old owner could not signal) does it read the pending leases themselves. So a move of an idle shard completes
/// within an interval of the old owner letting go, at one read per interval for the worker, not one per pending lease;
/// nothing is read when no handoff is pending. With a leader, a worker that does not scan also ends here a handoff the
/// old owner did not complete within the handoff timeout (it died mid-handoff): <paramref name="stalled"/> takes the
/// lease, which fences the old owner out.
/// </summary>
internal sealed class HandoffWatch(HeldLeases leases, ILeaseStore store, LeaseFencer fencer, LeaseTaker? stalled, LeaseOptions options)
{
    /// <summary>Short enough that a move of an idle shard completes well within a second of the old owner seeing it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private long? _signal;
    private TimeSpan _lastFullLook;

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        var pending = new List<HeldLease>();
        foreach (var held in leases.Held.Values)
        {
            if (held.Handle is null && held.Current.LeaseOwner == leases.WorkerId && held.Current.IsHandoffPending)
            {
                pending.Add(held);
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var signal = await store.ReadHandoffSignalAsync(leases.WorkerId, cancellationToken);
        if (signal == _signal && leases.Now - _lastFullLook < options.EffectiveRenewInterval)
        {
            return;
        }

        (_signal, _lastFullLook) = (signal, leases.Now);
        foreach (var held in pending)
        {
            var fresh = await store.GetAsync(held.Key, cancellationToken);
            await fencer.ReconcileAsync(held, fresh, cancellationToken);
            if (stalled is not null && fresh is { IsHandoffPending: true } && fresh.LeaseOwner == leases.WorkerId && held.Handle is null && leases.Held.ContainsKey(held.Key))
            {
                leases.Tracker.Observe(fresh);
                if (leases.Tracker.Observations.TryGetValue(fresh.LeaseKey, out var seen) && leases.Now - seen.HandoffSeenAt > options.EffectiveHandoffTimeout)
                {
                    await stalled.EndStalledHandoffAsync(held, fresh, cancellationToken);
                }
            }
        }
    }
}
