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
        // Each lease as this round left it (taken for, or asked to be handed to, its new owner): what a give-back below
        // is conditional on.
        var written = new ConcurrentBag<Lease>();
        // A round, once begun, is not cut short by the leader's own stop: a write whose answer a stop cut off would be
        // neither known nor checked below, and could leave a lease with a worker that has gone. The round is a few
        // conditional writes and reads, each bounded by the client's own timeouts.
        cancellationToken.ThrowIfCancellationRequested();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(moves, parallel, async (move, token) =>
        {
            var handoff = move.FromLiveOwner && options.GracefulHandoff;
            if (handoff
                ? await store.RequestHandoffAsync(move.Lease, move.To, token)
                : await store.TakeAsync(move.Lease, move.To, token))
            {
                Interlocked.Increment(ref assigned);
                written.Add(handoff ? move.Lease.HandoffRequestedTo(move.To) : move.Lease.TakenBy(move.To));
            }
        });

        if (moves.Count > 0)
        {
            LeaseCoordinatorLog.Assigned(leases.Logger, leases.WorkerId, assigned, moves.Count, fleet.Quotas.Count);
        }

        await GiveBackFromStoppedWorkersAsync(written, CancellationToken.None);
    }

    /// <summary>
    /// Gives back what was just given to a worker that stopped meanwhile. A stopping worker deletes its heartbeat, then
    /// looks for leases given to it late and releases them; a scan taken before that deletion may still give it leases
    /// after its look. Either its look comes after this write, or this check comes after the deletion (a consistent
    /// read), so no lease stays with a worker that is gone until it expires: a lease taken for it is released, and a
    /// handoff asked for it is withdrawn (<see cref="WithdrawHandoffAsync"/>). A withdrawn lease is a write for its
    /// previous owner, which may be stopping too (workers scaled in together): so its heartbeat is checked after every
    /// withdrawal was written, and the lease released if it is gone as well.
    /// </summary>
    private async Task GiveBackFromStoppedWorkersAsync(IEnumerable<Lease> written, CancellationToken cancellationToken)
    {
        var withdrawn = new List<Lease>();
        var stopped = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var lease in written)
        {
            if (!await IsGoneAsync(lease.LeaseOwner!, stopped, cancellationToken))
            {
                continue;
            }

            if (lease.CheckpointOwner is null)
            {
                await store.ReleaseAsync(lease, cancellationToken);
            }
            else if (await WithdrawHandoffAsync(lease, cancellationToken) is { } back)
            {
                withdrawn.Add(back);
            }
        }

        // Read afresh: a heartbeat read before a withdrawal was written proves nothing about a stop after it.
        stopped.Clear();
        foreach (var lease in withdrawn)
        {
            if (await IsGoneAsync(lease.LeaseOwner!, stopped, cancellationToken))
            {
                await store.ReleaseAsync(lease, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Gives a lease asked to be handed to a worker that has gone back to its previous owner: one take for it,
    /// conditional on the counter and owner the request left (neither the previous owner's checkpoints nor its completing
    /// the handoff change them, so it succeeds either way; the stopped worker releasing it first, or anything else, makes
    /// it fail harmlessly). The take bumps the counter, so whatever copy anyone held before is fenced out. A previous owner
    /// that had not let go yet finds the lease its own again at its next refused write and keeps processing from its own
    /// checkpoints; one that already completed the handoff takes the lease up again at its next owner-index look.
    /// Returns the lease as written, or null when the take was refused.
    /// </summary>
    private async Task<Lease?> WithdrawHandoffAsync(Lease requested, CancellationToken cancellationToken)
    {
        var previousOwner = requested.CheckpointOwner!;
        if (!await store.TakeAsync(requested, previousOwner, cancellationToken))
        {
            return null;
        }

        LeaseCoordinatorLog.HandoffWithdrawn(leases.Logger, leases.WorkerId, requested.LeaseKey, requested.LeaseOwner, previousOwner);
        return requested.TakenBy(previousOwner);
    }

    /// <summary>Whether <paramref name="workerId"/> has deleted its heartbeat (stopped), read once per worker per pass.</summary>
    private async Task<bool> IsGoneAsync(string workerId, Dictionary<string, bool> stopped, CancellationToken cancellationToken)
    {
        if (!stopped.TryGetValue(workerId, out var gone))
        {
            gone = stopped[workerId] = !await store.HasHeartbeatAsync(workerId, cancellationToken);
        }

        return gone;
    }
}
