using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Elects the one worker that scans the table and assigns leases (<see cref="LeaseOptions.LeaderElection"/>), through
/// the leader item, every renew interval right after the heartbeat. The leader renews it with one conditional write on
/// what it last wrote (no read); a follower reads it (eventually consistent) and claims it once it is missing or has
/// not changed for a lease duration on the follower's clock. Two claimants cannot both win (the write is conditional on
/// what each saw); a leader whose renewal is refused steps down at once, and one whose renewals fail (throttled) for a
/// lease duration stops acting as leader, since a follower may already have taken over. The new leader learns from the
/// item how long the old leader's heartbeat has stood still, so a dead leader's leases are judged by that, not given a
/// fresh duration. A worker that is stopping resigns (deletes the item) so that a follower takes over at once.
/// </summary>
internal sealed class LeaderElector(HeldLeases leases, ILeaseStore store, LeaseOptions options)
{
    private readonly LeaderTracker _tracker = new(options.LeaseDuration);
    private LeaderLease? _mine;
    private TimeSpan _renewedAt;

    /// <summary>This worker leads: it holds the leader item and renewed it within the lease duration.</summary>
    public bool IsLeader => _mine is not null && leases.Now - _renewedAt <= options.LeaseDuration;

    public async Task RunCycleAsync(long heartbeatCounter, CancellationToken cancellationToken)
    {
        if (_mine is { } mine)
        {
            if (leases.Stopping)
            {
                await ResignAsync(cancellationToken);
                return;
            }

            var renewed = mine with { Counter = mine.Counter + 1, HeartbeatCounter = heartbeatCounter };
            if (await store.WriteLeaderAsync(mine, renewed, cancellationToken))
            {
                (_mine, _renewedAt) = (renewed, leases.Now);
            }
            else
            {
                _mine = null;
                LeaseCoordinatorLog.LeadershipLost(leases.Logger, leases.WorkerId);
            }

            return;
        }

        var seen = await store.ReadLeaderAsync(cancellationToken);
        var now = leases.Now;
        _tracker.Observe(seen, now);
        if (leases.Stopping || !_tracker.IsVacant(now))
        {
            return;
        }

        var claim = new LeaderLease(leases.WorkerId, (seen?.Counter ?? 0) + 1, heartbeatCounter);
        if (!await store.WriteLeaderAsync(seen, claim, cancellationToken))
        {
            return;
        }

        (_mine, _renewedAt) = (claim, leases.Now);
        if (seen is not null && seen.WorkerId != leases.WorkerId)
        {
            // Silent since the follower first saw the item as it is: its heartbeat cannot have moved later than that.
            leases.Tracker.AssumeSilentSince(seen.WorkerId, seen.HeartbeatCounter, _tracker.ChangedAt);
        }

        LeaseCoordinatorLog.BecameLeader(leases.Logger, leases.WorkerId, seen?.WorkerId);
    }

    /// <summary>Gives the leadership up (graceful stop): a follower claims it at its next renew cycle.</summary>
    public async Task ResignAsync(CancellationToken cancellationToken)
    {
        if (_mine is { } mine)
        {
            _mine = null;
            await store.DeleteLeaderAsync(mine, cancellationToken);
        }
    }
}
