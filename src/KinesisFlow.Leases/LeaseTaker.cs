using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// The writes that make a lease this worker's: takes and steals, handoff requests, ending a stalled handoff, and taking
/// back a lease the table still names this worker for. A write that ends without an answer (cancelled, timed out, cut
/// off) may still have been applied, so its lease is marked in doubt; <see cref="ReleaseInDoubtAsync"/> settles those
/// when stopping. Nothing is claimed once stopping began.
/// </summary>
internal sealed class LeaseTaker(HeldLeases leases, ILeaseStore store)
{
    private string WorkerId => leases.WorkerId;

    /// <summary>Carries out the claims of a balancing plan (take, steal, handoff requests, stalled handoffs, releases).</summary>
    public async Task ExecuteAsync(BalancePlan plan, IReadOnlyDictionary<string, Lease> listed, LeaseFencer fencer, CancellationToken cancellationToken)
    {
        foreach (var lease in plan.Take)
        {
            await TakeAsync(lease, cancellationToken);
        }

        foreach (var lease in plan.Steal)
        {
            if (await TakeAsync(lease, cancellationToken))
            {
                leases.Telemetry?.LeaseStolen(WorkerId);
            }
        }

        foreach (var lease in plan.RequestHandoff)
        {
            if (leases.Stopping)
            {
                break;
            }

            await RequestHandoffAsync(lease, cancellationToken);
        }

        foreach (var lease in plan.EndStalledHandoff)
        {
            await EndStalledHandoffAsync(lease, listed[lease.LeaseKey], cancellationToken);
        }

        foreach (var lease in plan.Release)
        {
            await fencer.ReleaseAsync(lease.LeaseKey, cancellationToken);
        }
    }

    /// <summary>
    /// Takes back the leases a listing shows as this worker's that it does not hold (a restart under the same id,
    /// dropped after failed renewals, or a take whose answer was lost): the take bumps the counter and fences out any
    /// stale writer. Then settles writes in doubt that the listing answered.
    /// </summary>
    public async Task AdoptAsync(IReadOnlyList<Lease> listing, IReadOnlyDictionary<string, Lease> listed, CancellationToken cancellationToken)
    {
        foreach (var lease in listing)
        {
            if (lease.LeaseOwner == WorkerId && lease.CheckpointOwner is null && !lease.IsFinished && !leases.Held.ContainsKey(lease.LeaseKey))
            {
                if (leases.Stopping)
                {
                    // Not to be processed any more, but released with the rest at StopAsync.
                    leases.InDoubt[lease.LeaseKey] = 0;
                    continue;
                }

                await TakeAsync(lease, cancellationToken);
            }
        }

        if (!leases.Stopping)
        {
            // A listing settles a write in doubt: the lease is now held (adopted above), or not this worker's.
            foreach (var key in leases.InDoubt.Keys)
            {
                if (leases.Held.ContainsKey(key) || listed.GetValueOrDefault(key)?.LeaseOwner != WorkerId)
                {
                    leases.InDoubt.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>
    /// Takes up what the leader assigned to this worker: each key the owner index lists under it that it does not hold
    /// is read (consistently) and, if still this worker's, taken (which bumps the counter and fences out any stale
    /// writer) — or, if a handoff to it is pending, held unprocessed until the old owner lets go (<see cref="HandoffWatch"/>).
    /// Once stopping began, nothing is taken: those leases are released at StopAsync.
    /// </summary>
    public async Task TakeUpAssignedAsync(IReadOnlyList<string> owned, CancellationToken cancellationToken)
    {
        foreach (var key in owned)
        {
            if (leases.Held.ContainsKey(key))
            {
                continue;
            }

            var fresh = await store.GetAsync(key, cancellationToken);
            if (fresh is null || fresh.LeaseOwner != WorkerId || fresh.IsFinished)
            {
                continue;
            }

            if (fresh.CheckpointOwner is null)
            {
                if (leases.Stopping)
                {
                    leases.InDoubt[key] = 0;
                    continue;
                }

                await TakeAsync(fresh, cancellationToken);
            }
            else
            {
                // The handoff timeout runs from now: this worker did not see the leader's request earlier.
                leases.Tracker.Observe(fresh);
                leases.Held.TryAdd(key, new HeldLease(fresh));
            }
        }
    }

    public async Task<bool> TakeAsync(Lease lease, CancellationToken cancellationToken)
    {
        if (leases.Stopping)
        {
            // Stopping began (perhaps during this cycle): whatever this worker took now it would only release.
            return false;
        }

        if (leases.Held.ContainsKey(lease.LeaseKey))
        {
            // Still handing it off (a pending handoff whose new owner died expires like any lease): the shard task
            // is finishing it. Once it lets go, the next cycle takes the lease back.
            return false;
        }

        if (!await ClaimAsync(lease.LeaseKey, token => store.TakeAsync(lease, WorkerId, token), cancellationToken))
        {
            LeaseCoordinatorLog.RaceLost(leases.Logger, WorkerId, lease.LeaseKey);
            return false;
        }

        var taken = lease.TakenBy(WorkerId);
        if (lease.LeaseOwner == WorkerId)
        {
            LeaseCoordinatorLog.TookAssigned(leases.Logger, WorkerId, lease.LeaseKey);
        }
        else if (lease.LeaseOwner is { } previousOwner)
        {
            LeaseCoordinatorLog.Took(leases.Logger, WorkerId, lease.LeaseKey, previousOwner);
        }
        else
        {
            LeaseCoordinatorLog.TookUnowned(leases.Logger, WorkerId, lease.LeaseKey);
        }

        leases.Telemetry?.LeaseTaken(WorkerId);
        if (leases.Stopping)
        {
            // Stopping began while the write was in flight: held without a handle (never processed), released at StopAsync.
            leases.Held[lease.LeaseKey] = new HeldLease(taken);
            return true;
        }

        leases.Held[lease.LeaseKey] = new HeldLease(taken) { Handle = new ShardLease(taken) };
        leases.RaiseChanged();
        return true;
    }

    /// <summary>
    /// Re-reads every lease a cut-off take or handoff request may have given this worker, and releases those it did:
    /// never told it owned them, it would otherwise leave them to expire (a whole lease duration for the peers).
    /// </summary>
    public async Task ReleaseInDoubtAsync(CancellationToken cancellationToken)
    {
        foreach (var key in leases.InDoubt.Keys.ToArray())
        {
            leases.InDoubt.TryRemove(key, out _);
            if (leases.Held.ContainsKey(key))
            {
                continue;
            }

            var fresh = await store.GetAsync(key, cancellationToken);
            if (fresh is { LeaseOwner: var owner } && owner == WorkerId && await store.ReleaseAsync(fresh, cancellationToken))
            {
                LeaseCoordinatorLog.ReleasedInDoubt(leases.Logger, WorkerId, key);
            }
        }
    }

    private async Task RequestHandoffAsync(Lease lease, CancellationToken cancellationToken)
    {
        if (!await ClaimAsync(lease.LeaseKey, token => store.RequestHandoffAsync(lease, WorkerId, token), cancellationToken))
        {
            LeaseCoordinatorLog.RaceLost(leases.Logger, WorkerId, lease.LeaseKey);
            return;
        }

        LeaseCoordinatorLog.HandoffRequested(leases.Logger, WorkerId, lease.LeaseKey, lease.LeaseOwner);
        // A balancing move like a steal, only gentler: counted with the steals.
        leases.Telemetry?.LeaseStolen(WorkerId);
        var requested = lease.HandoffRequestedTo(WorkerId);
        // The handoff timeout runs from the request, not from the next listing that shows it.
        leases.Tracker.Observe(requested);
        leases.Held[lease.LeaseKey] = new HeldLease(requested);
    }

    private async Task EndStalledHandoffAsync(Lease planned, Lease listed, CancellationToken cancellationToken)
    {
        if (leases.Held.TryGetValue(planned.LeaseKey, out var held))
        {
            await EndStalledHandoffAsync(held, listed, cancellationToken);
        }
    }

    /// <summary>
    /// Takes a lease whose handoff to this worker the previous owner did not complete within the handoff timeout (it
    /// died mid-handoff): the take fences it out, and processing resumes from the checkpoint of <paramref name="listed"/>.
    /// </summary>
    public async Task EndStalledHandoffAsync(HeldLease held, Lease listed, CancellationToken cancellationToken)
    {
        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!leases.Held.ContainsKey(held.Key) || held.Handle is not null || leases.Stopping)
            {
                // (Stopping: the lease stays as it is, and is released at StopAsync.)
                return;
            }

            if (!await store.TakeAsync(held.Current, WorkerId, cancellationToken))
            {
                leases.Drop(held, LeaseRevocation.Lost);
                return;
            }

            LeaseCoordinatorLog.StalledHandoffEnded(leases.Logger, WorkerId, held.Key, held.Current.CheckpointOwner);
            held.Current = held.Current.TakenBy(WorkerId) with { Checkpoint = listed.Checkpoint };
            held.Handle = new ShardLease(held.Current);
            leases.RaiseChanged();
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>
    /// Runs a write that may make a lease this worker's. If it ends without an answer it may still have been applied:
    /// the lease is marked in doubt before rethrowing.
    /// </summary>
    private async Task<bool> ClaimAsync(string leaseKey, Func<CancellationToken, Task<bool>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write(cancellationToken);
        }
        catch
        {
            leases.InDoubt[leaseKey] = 0;
            throw;
        }
    }
}
