namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// Decides, as a pure function of one snapshot, what this worker takes, steals, asks for, renews and releases
/// (KCL 2's distributed lease taking, with graceful handoff and damping):
/// <list type="bullet">
/// <item>Finished leases (SHARD_END) are nobody's load; a child whose parents are not all finished (a parent without a
/// lease counts as finished) cannot be taken.</item>
/// <item>Target = ceil(assignable leases / live workers), capped by <see cref="LeaseOptions.MaxLeasesPerWorker"/>.</item>
/// <item>Below target: take unowned and expired leases first, in random order so that workers racing for them spread out.</item>
/// <item>Only when none are left: move leases from the most loaded worker, and only when that strictly narrows the
/// gap (it holds at least two more than this worker), at most <see cref="LeaseOptions.MaxLeasesToStealAtOnce"/> per
/// cycle, not while a handoff to this worker is still under way, and with probability 1/k when k workers could steal
/// from it, so that a crowd of newcomers does not strip one worker bare in a single cycle (damping).</item>
/// </list>
/// </summary>
public static class LeaseBalancer
{
    public static BalancePlan Plan(LeaseSnapshot snapshot, LeaseOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);

        var me = snapshot.WorkerId;
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lease in snapshot.Leases)
        {
            present.Add(lease.LeaseKey);
            if (lease.IsFinished)
            {
                finished.Add(lease.LeaseKey);
            }
        }

        var loads = new Dictionary<string, int>(StringComparer.Ordinal) { [me] = 0 };
        var mine = new List<Lease>();
        var takeable = new List<Lease>();
        foreach (var lease in snapshot.Leases)
        {
            if (lease.IsFinished)
            {
                continue;
            }

            if (lease.LeaseOwner == me)
            {
                mine.Add(lease);
                loads[me]++;
            }
            else if (lease.LeaseOwner is not null && !IsExpired(lease, snapshot, options))
            {
                loads[lease.LeaseOwner] = loads.GetValueOrDefault(lease.LeaseOwner) + 1;
            }
            else if (ParentsFinished(lease, present, finished))
            {
                // Expired with a handoff pending means the new owner died: anyone may take it, the old owner too
                // (the coordinator waits until its own shard task, if still finishing, has let go).
                takeable.Add(lease);
            }
        }

        var assignable = takeable.Count;
        foreach (var load in loads.Values)
        {
            assignable += load;
        }

        var target = (assignable + loads.Count - 1) / loads.Count;
        if (options.MaxLeasesPerWorker is { } max)
        {
            target = Math.Min(target, max);
        }

        var myLoad = loads[me];
        var needed = target - myLoad;
        var handoffTimeout = options.EffectiveHandoffTimeout;
        var stalled = mine.Where(lease => lease.CheckpointOwner is not null
            && snapshot.Observations.TryGetValue(lease.LeaseKey, out var seen)
            && seen.CheckpointOwner == lease.CheckpointOwner
            && snapshot.Now - seen.HandoffSeenAt > handoffTimeout).ToList();

        var release = new List<Lease>();
        if (options.MaxLeasesPerWorker is { } cap && myLoad > cap)
        {
            // Shed the leases that cost least to move: those still waiting on a handoff to us first.
            release.AddRange(mine.OrderByDescending(lease => lease.CheckpointOwner is not null).ThenBy(_ => random.Next()).Take(myLoad - cap));
        }

        var take = new List<Lease>();
        var moves = new List<Lease>();
        if (needed > 0 && takeable.Count > 0)
        {
            take.AddRange(Shuffle(takeable, random).Take(needed));
        }
        else if (needed > 0 && !mine.Any(lease => lease.CheckpointOwner is not null))
        {
            moves.AddRange(ChooseFromMostLoaded(snapshot, loads, me, target, needed, options, random));
        }

        var releasing = release.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        var ending = stalled.Where(lease => !releasing.Contains(lease.LeaseKey)).ToList();
        var ended = ending.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        return new BalancePlan
        {
            Target = target,
            LiveWorkers = loads.Count,
            Take = take,
            Steal = options.GracefulHandoff ? [] : moves,
            RequestHandoff = options.GracefulHandoff ? moves : [],
            EndStalledHandoff = ending,
            Renew = mine.Where(lease => !releasing.Contains(lease.LeaseKey) && !ended.Contains(lease.LeaseKey)).ToList(),
            Release = release,
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

    private static IEnumerable<Lease> ChooseFromMostLoaded(
        LeaseSnapshot snapshot, Dictionary<string, int> loads, string me, int target, int needed, LeaseOptions options, Random random)
    {
        var myLoad = loads[me];
        var mostLoad = -1;
        var mostLoaded = new List<string>();
        foreach (var (worker, load) in loads.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (worker == me || load < mostLoad)
            {
                continue;
            }

            if (load > mostLoad)
            {
                mostLoad = load;
                mostLoaded.Clear();
            }

            mostLoaded.Add(worker);
        }

        // A move must narrow the gap, or two workers would trade one lease back and forth forever.
        if (mostLoaded.Count == 0 || mostLoad < target || mostLoad - myLoad < 2)
        {
            return [];
        }

        var count = Math.Min(needed, mostLoad - target);
        if (count == 0 && needed > 1)
        {
            // The most loaded worker sits at target while this one is two or more below: take one (KCL's rule).
            count = 1;
        }

        count = Math.Min(count, options.MaxLeasesToStealAtOnce);
        var rivals = loads.Count(pair => pair.Value <= mostLoad - 2);
        if (count == 0 || (rivals > 1 && random.Next(rivals) != 0))
        {
            return [];
        }

        var victim = mostLoaded[random.Next(mostLoaded.Count)];
        var candidates = snapshot.Leases
            .Where(lease => lease.LeaseOwner == victim && !lease.IsFinished && lease.CheckpointOwner is null)
            .ToList();
        return Shuffle(candidates, random).Take(count);
    }

    private static List<Lease> Shuffle(List<Lease> leases, Random random)
    {
        // Sorted first so that the same seed gives the same plan whatever order the table listed the leases in.
        var shuffled = leases.OrderBy(lease => lease.LeaseKey, StringComparer.Ordinal).ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }
}
