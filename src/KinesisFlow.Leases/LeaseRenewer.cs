using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Keeps this worker's claims alive with ONE write per renew interval, whatever it holds: its heartbeat item, whose
/// counter peers watch instead of every lease's (writes grow with workers, not shards). Then it reads the keys of the
/// leases the table names it for, through the <c>leaseOwner</c> index, and settles each held lease that is missing
/// there (asked for by a peer: hand it over; taken: lost) — the notice a refused per-lease renewal used to give. The
/// heartbeat carries the lag of every shard this worker processes (<see cref="LagReport"/>, for <c>status</c>), so lag
/// reports cost no write of their own and no lease item is written for them. Heartbeats failing for a whole lease
/// duration make the worker give up every lease: peers may already have taken them. With a leader
/// (<paramref name="elector"/>), the same index query is how a worker learns what the leader assigned to it (taken up
/// by <paramref name="taker"/>), and the cycle ends with the leader election.
/// </summary>
internal sealed class LeaseRenewer(
    HeldLeases leases, ILeaseStore store, LeaseFencer fencer, LeaseTaker taker, LeaderElector? elector, LeaseOptions options, TimeProvider time)
{
    private TimeSpan _lastHeartbeat = leases.Now;

    /// <summary>Raised after each cycle in which the heartbeat and the owner read reached the table, even with nothing held.</summary>
    public event EventHandler? CycleCompleted;

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        long heartbeatCounter;
        try
        {
            heartbeatCounter = await store.HeartbeatAsync(leases.WorkerId, CurrentLags(), cancellationToken);
            _lastHeartbeat = leases.Now;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LeaseCoordinatorLog.HeartbeatFailed(leases.Logger, exception, leases.WorkerId, options.LeaseDuration);
            if (leases.Now - _lastHeartbeat > options.LeaseDuration)
            {
                await GiveUpEverythingAsync(cancellationToken);
            }

            return;
        }

        var owned = await store.ListOwnedKeysAsync(leases.WorkerId, cancellationToken);
        leases.OwnerIndexUsable = owned is not null;
        if (owned is not null)
        {
            await SettleMissingAsync(owned, cancellationToken);
            if (elector is not null)
            {
                await taker.TakeUpAssignedAsync(owned, cancellationToken);
            }
        }

        if (elector is not null)
        {
            await elector.RunCycleAsync(heartbeatCounter, cancellationToken);
        }

        CycleCompleted?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Held leases the index no longer lists under this worker: read each and settle what happened to it.</summary>
    private async Task SettleMissingAsync(IReadOnlyList<string> owned, CancellationToken cancellationToken)
    {
        var listed = owned.ToHashSet(StringComparer.Ordinal);
        foreach (var held in leases.Held.Values.ToArray())
        {
            // (A lease being handed off is its new owner's already; a lease just taken may show in the index a moment
            // late: the read below finds it still ours and changes nothing.)
            if (held.Current.LeaseOwner != leases.WorkerId || listed.Contains(held.Key))
            {
                continue;
            }

            var fresh = await store.GetAsync(held.Key, cancellationToken);
            await held.Gate.WaitAsync(cancellationToken);
            try
            {
                if (leases.Held.ContainsKey(held.Key) && held.Current.LeaseOwner == leases.WorkerId)
                {
                    fencer.Settle(held, fresh);
                }
            }
            finally
            {
                held.Gate.Release();
            }
        }
    }

    private async Task GiveUpEverythingAsync(CancellationToken cancellationToken)
    {
        foreach (var held in leases.Held.Values.ToArray())
        {
            await held.Gate.WaitAsync(cancellationToken);
            try
            {
                // Peers may already have taken it: stop processing rather than duplicate.
                leases.Drop(held, LeaseRevocation.Lost);
            }
            finally
            {
                held.Gate.Release();
            }
        }
    }

    /// <summary>
    /// The lag of every lease this worker owns and has lag inputs for, computed now: a stuck sink's lag keeps growing
    /// from one heartbeat to the next although its shard task reports nothing new. Read without the leases' gates: a
    /// figure a moment old is as good for display.
    /// </summary>
    private LagReport? CurrentLags()
    {
        var now = time.GetUtcNow();
        var shards = new List<KeyValuePair<string, ShardLagFigures>>();
        foreach (var held in leases.Held.Values)
        {
            if (held.MillisBehindLatest is { } behind && held.Current.LeaseOwner == leases.WorkerId)
            {
                var lag = (long)ShardLag.At(now, behind, held.OldestUnacknowledgedArrival).Lag.TotalMilliseconds;
                shards.Add(new(held.Key, new ShardLagFigures(behind, lag)));
            }
        }

        return LagReport.Of(now, shards);
    }
}
