using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// The leader's writes for the other workers: each move of the fleet's plan that goes to another worker, as one
/// conditional write on the lease as the leader's scan saw it — an unowned or expired lease is given to its new owner
/// (owner set, counter + 1), a live owner's is asked to hand over to it (or, without graceful handoff, taken for it).
/// The receiving worker finds the lease under its id in its next owner-index query and takes it up from there; a
/// refused write only means the lease changed since the scan, and the next scan plans again. Writes run a few at a
/// time, so that a leader assigning thousands of unowned leases at start-up is not paced by one round trip each.
/// </summary>
internal sealed class LeaseAssigner(HeldLeases leases, ILeaseStore store, LeaseOptions options)
{
    /// <summary>Assignment writes in flight at once: different items, so DynamoDB serves them side by side.</summary>
    private const int Parallelism = 16;

    public async Task AssignAsync(FleetBalance fleet, CancellationToken cancellationToken)
    {
        var moves = new List<LeaseMove>();
        foreach (var move in fleet.Moves)
        {
            if (move.To != leases.WorkerId)
            {
                moves.Add(move);
            }
        }

        var assigned = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(moves, parallel, async (move, token) =>
        {
            var written = move.FromLiveOwner && options.GracefulHandoff
                ? await store.RequestHandoffAsync(move.Lease, move.To, token)
                : await store.TakeAsync(move.Lease, move.To, token);
            if (written)
            {
                Interlocked.Increment(ref assigned);
            }
        });

        if (moves.Count > 0)
        {
            LeaseCoordinatorLog.Assigned(leases.Logger, leases.WorkerId, assigned, moves.Count, fleet.Quotas.Count);
        }
    }
}
