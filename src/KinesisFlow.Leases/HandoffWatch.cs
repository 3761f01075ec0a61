using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Watches the handoffs to this worker that have not completed yet, by reading just those leases every
/// <see cref="Interval"/>: the new owner starts reading as soon as the old owner let go, instead of at its next balance
/// listing (up to a balance interval later). Costs one read per pending handoff per interval, and nothing otherwise.
/// With a leader, a worker that does not scan also ends here a handoff the old owner did not complete within the
/// handoff timeout (it died mid-handoff): <paramref name="stalled"/> takes the lease, which fences the old owner out.
/// </summary>
internal sealed class HandoffWatch(HeldLeases leases, ILeaseStore store, LeaseFencer fencer, LeaseTaker? stalled, LeaseOptions options)
{
    /// <summary>Short enough that a move of an idle shard completes well within a second of the old owner seeing it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        foreach (var held in leases.Held.Values.ToArray())
        {
            if (held.Handle is null && held.Current.LeaseOwner == leases.WorkerId && held.Current.IsHandoffPending)
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
}
