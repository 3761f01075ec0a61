namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// Plans, as a pure and deterministic function of one snapshot, every lease the fleet must take or move to be balanced,
/// in one go (<see cref="Assign"/>), and from it what one worker does this cycle (<see cref="Plan(LeaseSnapshot, LeaseOptions)"/>):
/// <list type="bullet">
/// <item>Finished leases (SHARD_END) are nobody's load; a child whose parents are not all finished (a parent without a
/// lease counts as finished) cannot be taken.</item>
/// <item>Live workers are this one, the <see cref="LeaseSnapshot.KnownWorkers"/>, and the owners of unexpired leases. Of
/// N assignable leases and k live workers, every worker's quota is floor(N / k); the N mod k most loaded (ties: lowest
/// id) get one more, which keeps as many leases where they are as possible. <see cref="LeaseOptions.MaxLeasesPerWorker"/>
/// caps every quota.</item>
/// <item>A worker above its quota gives up exactly the excess (its leases in key order; those being handed to it already
/// stay). Unowned and expired leases, then those excesses, fill the workers below quota in id order. So every lease that
/// must move moves once, straight to its final owner, and nothing moves when every worker is at its quota.</item>
/// </list>
/// Every input is ordered before use (workers and leases by ordinal id), so that workers planning from the same listing
/// agree on every move whatever order the table listed the leases in, and never ask for the same lease twice.
/// </summary>
public static class LeaseBalancer
{
    /// <summary>What <paramref name="snapshot"/>'s worker does this cycle: its part of <see cref="Assign"/>, plus renewals, stalled handoffs and releases.</summary>
    public static BalancePlan Plan(LeaseSnapshot snapshot, LeaseOptions options) => Plan(snapshot, Assign(snapshot, options), options);

    /// <summary>As <see cref="Plan(LeaseSnapshot, LeaseOptions)"/>, from the fleet's plan already computed from <paramref name="snapshot"/> (a leader executes all of it).</summary>
    public static BalancePlan Plan(LeaseSnapshot snapshot, FleetBalance fleet, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(fleet);
        var me = snapshot.WorkerId;
        var take = new List<Lease>();
        var moves = new List<Lease>();
        foreach (var move in fleet.Moves)
        {
            if (move.To == me)
            {
                (move.FromLiveOwner ? moves : take).Add(move.Lease);
            }
        }

        var mine = new List<Lease>();
        foreach (var lease in snapshot.Leases)
        {
            if (lease.LeaseOwner == me && !lease.IsFinished)
            {
                mine.Add(lease);
            }
        }

        mine.Sort(ByKey);
        var release = new List<Lease>();
        if (options.MaxLeasesPerWorker is { } cap && mine.Count > cap)
        {
            // Beyond the cap with nobody able to take them: let go, cheapest first (handoffs still coming to us).
            var givenAway = new HashSet<string>(StringComparer.Ordinal);
            foreach (var move in fleet.Moves)
            {
                if (move.Lease.LeaseOwner == me)
                {
                    givenAway.Add(move.Lease.LeaseKey);
                }
            }

            var keep = mine.Where(lease => !givenAway.Contains(lease.LeaseKey)).ToList();
            release.AddRange(keep.OrderByDescending(lease => lease.IsHandoffPending).Take(keep.Count - cap));
        }

        var handoffTimeout = options.EffectiveHandoffTimeout;
        var releasing = release.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        var ending = mine.Where(lease => lease.CheckpointOwner is not null
            && !releasing.Contains(lease.LeaseKey)
            && snapshot.Observations.TryGetValue(lease.LeaseKey, out var seen)
            && seen.CheckpointOwner == lease.CheckpointOwner
            && snapshot.Now - seen.HandoffSeenAt > handoffTimeout).ToList();
        var ended = ending.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        return new BalancePlan
        {
            Target = fleet.Quotas[me],
            LiveWorkers = fleet.Quotas.Count,
            Take = take,
            Steal = options.GracefulHandoff ? [] : moves,
            RequestHandoff = options.GracefulHandoff ? moves : [],
            EndStalledHandoff = ending,
            Renew = mine.Where(lease => !releasing.Contains(lease.LeaseKey) && !ended.Contains(lease.LeaseKey)).ToList(),
            Release = release,
        };
    }

    /// <summary>The whole fleet's plan: each live worker's quota, and every take and move that reaches it.</summary>
    public static FleetBalance Assign(LeaseSnapshot snapshot, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);

        var present = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in snapshot.Leases)
        {
            present.Add(lease.LeaseKey);
            if (lease.IsFinished)
            {
                finished.Add(lease.LeaseKey);
            }
        }

        var loads = new Dictionary<string, int>(StringComparer.Ordinal) { [snapshot.WorkerId] = 0 };
        foreach (var worker in snapshot.KnownWorkers)
        {
            loads[worker] = 0;
        }

        var movable = new Dictionary<string, List<Lease>>(StringComparer.Ordinal);
        var takeable = new List<Lease>();
        foreach (var lease in snapshot.Leases)
        {
            if (lease.IsFinished)
            {
                continue;
            }

            if (lease.LeaseOwner is { } owner && !IsExpired(lease, snapshot, options))
            {
                loads[owner] = loads.GetValueOrDefault(owner) + 1;
                if (!lease.IsHandoffPending)
                {
                    // A lease being handed over is already on its way to its new owner: it is not moved again.
                    (movable.TryGetValue(owner, out var list) ? list : movable[owner] = []).Add(lease);
                }
            }
            else if (ParentsFinished(lease, present, finished))
            {
                // Expired with a handoff pending means the new owner died: anyone may take it, the old owner too
                // (the coordinator waits until its own shard task, if still finishing, has let go).
                takeable.Add(lease);
            }
        }

        var quotas = Quotas(loads, takeable.Count, options.MaxLeasesPerWorker);
        takeable.Sort(ByKey);
        var workers = loads.Keys.Order(StringComparer.Ordinal).ToList();

        // Leases that must leave their owner, each owner's in key order, owners in id order.
        var surplus = new List<Lease>();
        foreach (var worker in workers)
        {
            var excess = loads[worker] - quotas[worker];
            if (excess > 0 && movable.TryGetValue(worker, out var leases))
            {
                leases.Sort(ByKey);
                surplus.AddRange(leases.Take(excess));
            }
        }

        var moves = new List<LeaseMove>();
        var nextTake = 0;
        var nextSurplus = 0;
        var limit = options.MaxLeasesToStealAtOnce > 0 ? options.MaxLeasesToStealAtOnce : int.MaxValue;
        foreach (var worker in workers)
        {
            var need = quotas[worker] - loads[worker];
            for (; need > 0 && nextTake < takeable.Count; need--)
            {
                moves.Add(new LeaseMove(takeable[nextTake++], worker, FromLiveOwner: false));
            }

            for (var moved = 0; need > 0 && moved < limit && nextSurplus < surplus.Count; need--, moved++)
            {
                moves.Add(new LeaseMove(surplus[nextSurplus++], worker, FromLiveOwner: true));
            }
        }

        var deferred = 0;
        foreach (var worker in workers)
        {
            deferred += Math.Max(0, loads[worker] - quotas[worker]);
        }

        return new FleetBalance
        {
            Quotas = quotas,
            Loads = loads,
            Moves = moves,
            Deferred = deferred - moves.Count(move => move.FromLiveOwner),
        };
    }

    /// <summary>Expired by the tracker's rule; this worker's own leases never are (it renews them).</summary>
    public static bool IsExpired(Lease lease, LeaseSnapshot snapshot, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        return lease.LeaseOwner != snapshot.WorkerId
            && LeaseExpiryTracker.IsExpired(
                lease,
                snapshot.Observations.TryGetValue(lease.LeaseKey, out var seen) ? seen : null,
                snapshot.Now,
                options.LeaseDuration);
    }

    /// <summary>A lease may be processed once every parent is finished or gone (no lease: trimmed or cleaned up).</summary>
    public static bool ParentsFinished(Lease lease, IReadOnlySet<string> presentKeys, IReadOnlySet<string> finishedKeys)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(presentKeys);
        ArgumentNullException.ThrowIfNull(finishedKeys);
        foreach (var parent in lease.ParentShardIds)
        {
            if (presentKeys.Contains(parent) && !finishedKeys.Contains(parent))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// floor(N / k) each, one more for the N mod k most loaded (ties: lowest id): any other choice of who gets the extra
    /// lease would move more leases. Capped by <paramref name="maxPerWorker"/>.
    /// </summary>
    private static Dictionary<string, int> Quotas(Dictionary<string, int> loads, int unowned, int? maxPerWorker)
    {
        var total = unowned;
        foreach (var load in loads.Values)
        {
            total += load;
        }

        var share = total / loads.Count;
        var extra = total % loads.Count;
        var quotas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (worker, _) in loads.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var quota = share + (extra-- > 0 ? 1 : 0);
            quotas[worker] = maxPerWorker is { } max ? Math.Min(quota, max) : quota;
        }

        return quotas;
    }

    private static int ByKey(Lease x, Lease y) => string.CompareOrdinal(x.LeaseKey, y.LeaseKey);
}
