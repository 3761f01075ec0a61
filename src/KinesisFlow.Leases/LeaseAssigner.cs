using System.Collections.Concurrent;
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
        var taken = new ConcurrentBag<Lease>();
        // A round, once begun, is not cut short by the leader's own stop: a write whose answer a stop cut off would be
        // neither known nor checked below, and could leave a lease with a worker that has gone. The round is a few
        // conditional writes and reads, each bounded by the client's own timeouts.
        cancellationToken.ThrowIfCancellationRequested();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(moves, parallel, async (move, token) =>
        {
            var handoff = move.FromLiveOwner && options.GracefulHandoff;
            var written = handoff
                ? await store.RequestHandoffAsync(move.Lease, move.To, token)
                : await store.TakeAsync(move.Lease, move.To, token);
            if (written)
            {
                Interlocked.Increment(ref assigned);
                if (!handoff)
                {
                    taken.Add(move.Lease.TakenBy(move.To));
                }
            }
        });

        if (moves.Count > 0)
        {
            LeaseCoordinatorLog.Assigned(leases.Logger, leases.WorkerId, assigned, moves.Count, fleet.Quotas.Count);
        }

        await ReleaseFromStoppedWorkersAsync(taken, CancellationToken.None);
    }

    /// <summary>
    /// Gives back what was just given to a worker that stopped meanwhile. A stopping worker deletes its heartbeat, then
    /// looks for leases given to it late and releases them; a scan taken before that deletion may still give it leases
    /// after its look. Either its look comes after this write, or this check comes after the deletion (a consistent
    /// read), so no lease stays with a worker that is gone until it expires.
    /// </summary>
    private async Task ReleaseFromStoppedWorkersAsync(IEnumerable<Lease> taken, CancellationToken cancellationToken)
    {
        var stopped = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var lease in taken)
        {
            var owner = lease.LeaseOwner!;
            if (!stopped.TryGetValue(owner, out var gone))
            {
                gone = stopped[owner] = !await store.HasHeartbeatAsync(owner, cancellationToken);
            }

            if (gone)
            {
                await store.ReleaseAsync(lease, cancellationToken);
            }
        }
    }
}
