using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Watches the handoffs asked for by this worker that have not completed yet, by reading just those leases every
/// <see cref="Interval"/>: the new owner starts reading as soon as the old owner let go, instead of at its next balance
/// listing (up to a balance interval later). Costs one read per pending handoff per interval, and nothing otherwise.
/// </summary>
internal sealed class HandoffWatch(HeldLeases leases, ILeaseStore store, LeaseFencer fencer)
{
    /// <summary>Short enough that a move of an idle shard completes well within a second of the old owner seeing it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        foreach (var held in leases.Held.Values.ToArray())
        {
            if (held.Handle is null && held.Current.LeaseOwner == leases.WorkerId && held.Current.IsHandoffPending)
            {
                await fencer.ReconcileAsync(held, await store.GetAsync(held.Key, cancellationToken), cancellationToken);
            }
        }
    }
}
