using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>The two periodic cycles: renewing held leases, and listing + balancing.</summary>
public sealed partial class LeaseCoordinator
{
    /// <summary>Renews every lease this worker owns (a few at a time), and writes lag reports that are due.</summary>
    internal async Task RunRenewCycleAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = RenewParallelism, CancellationToken = cancellationToken };
        Interlocked.Exchange(ref _renewFaults, 0);
        await Parallel.ForEachAsync(_held.Values.ToArray(), parallel, RenewAsync);
        if (Volatile.Read(ref _renewFaults) == 0)
        {
            RenewalCycleCompleted?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>Syncs shards when due, lists the table, reconciles what this worker holds with it, then balances.</summary>
    internal async Task RunBalanceCycleAsync(CancellationToken cancellationToken)
    {
        await _balanceGate.WaitAsync(cancellationToken);
        try
        {
            if (_synchronizer is not null && (_lastShardSync is not { } last || _tracker.Now - last >= _options.ShardSyncInterval))
            {
                _lastShardSync = _tracker.Now;
                try
                {
                    await _synchronizer.SynchronizeAsync(cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failed sync (e.g. ListShards throttled) must not stop balancing the leases that exist.
                    LeaseCoordinatorLog.CycleFailed(_logger, exception, WorkerId, "shard sync");
                }
            }

            var leases = await _store.ListAsync(cancellationToken);
            var observations = _tracker.Observe(leases);
            await ReconcileAsync(leases, cancellationToken);
            if (_stopping)
            {
                // Still learns of handoffs asked of it and of losses (above), but plans no move.
                return;
            }

            var plan = LeaseBalancer.Plan(new LeaseSnapshot(WorkerId, leases, observations, _tracker.Now), _options, _random);
            LeaseCoordinatorLog.Balanced(_logger, WorkerId, plan.Target, plan.LiveWorkers, plan.Take.Count, plan.Steal.Count, plan.RequestHandoff.Count, plan.Release.Count);
            await ExecuteAsync(plan, leases, cancellationToken);
            _telemetry?.WorkerObserved(WorkerId, OwnedLeases.Count, plan.LiveWorkers, WaitingOnParents(leases));
        }
        finally
        {
            _balanceGate.Release();
        }
    }

    private async ValueTask RenewAsync(HeldLease held, CancellationToken cancellationToken)
    {
        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            // Leases being handed off belong to their new owner, who renews them.
            if (!_held.ContainsKey(held.Key) || held.Current.LeaseOwner != WorkerId)
            {
                return;
            }

            bool renewed;
            try
            {
                renewed = await _store.RenewAsync(held.Current, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _renewFaults);
                LeaseCoordinatorLog.RenewFailed(_logger, exception, WorkerId, held.Key, _options.LeaseDuration);
                if (_tracker.Now - held.RenewedAt > _options.LeaseDuration)
                {
                    // Peers may already have taken it: stop processing rather than duplicate.
                    Drop(held, LeaseRevocation.Lost);
                }

                return;
            }

            if (renewed)
            {
                held.Current = held.Current.Renewed();
                held.RenewedAt = _tracker.Now;
                await WriteLagIfDueAsync(held, cancellationToken);
                return;
            }

            OnChangedByOthers(held, await _store.GetAsync(held.Key, cancellationToken));
        }
        finally
        {
            held.Gate.Release();
        }
    }

    private async Task WriteLagIfDueAsync(HeldLease held, CancellationToken cancellationToken)
    {
        var now = _tracker.Now;
        if (held.MillisBehindLatest is not { } behind || (held.LagWrittenAt is { } written && now - written < _options.LeaseDuration))
        {
            return;
        }

        var reportedAt = _time.GetUtcNow();
        var lag = (long)ShardLag.At(reportedAt, behind, held.OldestUnacknowledgedArrival).Lag.TotalMilliseconds;
        if (behind == held.Current.MillisBehindLatest && lag == held.Current.ShardLagMillis)
        {
            return;
        }

        if (await _store.UpdateLagAsync(held.Current, behind, lag, reportedAt, cancellationToken))
        {
            held.Current = held.Current.WithLag(behind, lag, reportedAt);
            held.LagWrittenAt = now;
        }
    }

    /// <summary>
    /// A write this worker expected to succeed did not, or a listing disagrees with what it holds: work out from the
    /// lease's state (<paramref name="fresh"/>) whether it is being asked to hand over, or has lost it. Gate held.
    /// </summary>
    private void OnChangedByOthers(HeldLease held, Lease? fresh)
    {
        if (fresh is { LeaseOwner: var owner } && owner == WorkerId && !fresh.IsFinished)
        {
            // Still ours; our copy was stale (an earlier write whose answer was lost). Continue from the real state.
            held.Current = fresh;
            return;
        }

        if (fresh is not null && fresh.CheckpointOwner == WorkerId && !fresh.IsFinished && held.Handle is { Revocation: LeaseRevocation.None })
        {
            held.Current = fresh;
            LeaseCoordinatorLog.HandingOff(_logger, WorkerId, held.Key, fresh.LeaseOwner);
            held.Handle.Revoke(LeaseRevocation.HandoffRequested);
            RaiseChanged();
            return;
        }

        if (fresh is not null && fresh.CheckpointOwner == WorkerId && held.Current.CheckpointOwner == WorkerId)
        {
            // Already handing off: wait for the shard task to finish and call ReleaseAsync.
            held.Current = fresh;
            return;
        }

        Drop(held, fresh?.IsFinished == true ? LeaseRevocation.ShardEnded : LeaseRevocation.Lost);
    }

    /// <summary>Brings held leases in line with a listing: handoffs asked of us or completed to us, losses, adoptions.</summary>
    private async Task ReconcileAsync(IReadOnlyList<Lease> leases, CancellationToken cancellationToken)
    {
        var listed = leases.ToDictionary(lease => lease.LeaseKey, StringComparer.Ordinal);
        foreach (var held in _held.Values.ToArray())
        {
            await held.Gate.WaitAsync(cancellationToken);
            try
            {
                if (!_held.ContainsKey(held.Key))
                {
                    continue;
                }

                var fresh = listed.GetValueOrDefault(held.Key);
                if (held.Current.LeaseOwner != WorkerId)
                {
                    // Handing off: over once the new owner (or anyone) cleared checkpointOwner.
                    if (fresh?.CheckpointOwner != WorkerId)
                    {
                        Drop(held, LeaseRevocation.Released);
                    }
                }
                else if (fresh?.LeaseOwner != WorkerId || fresh.IsFinished)
                {
                    OnChangedByOthers(held, fresh);
                }
                else if (held.Handle is null && fresh.CheckpointOwner is null && !_stopping)
                {
                    // The previous owner let go: resume from its last checkpoint. Our counter stays authoritative. (A worker
                    // that is stopping accepts no handoff: it keeps the lease unprocessed and releases it at StopAsync.)
                    held.Current = held.Current with
                    {
                        CheckpointOwner = null,
                        Checkpoint = fresh.Checkpoint,
                        OwnerSwitchesSinceCheckpoint = fresh.OwnerSwitchesSinceCheckpoint,
                    };
                    held.Handle = new ShardLease(held.Current);
                    RaiseChanged();
                }
            }
            finally
            {
                held.Gate.Release();
            }
        }

        foreach (var lease in leases)
        {
            if (lease.LeaseOwner == WorkerId && lease.CheckpointOwner is null && !lease.IsFinished && !_held.ContainsKey(lease.LeaseKey))
            {
                if (_stopping)
                {
                    // Not to be processed any more, but released with the rest at StopAsync.
                    _inDoubt[lease.LeaseKey] = 0;
                    continue;
                }

                // Ours in the table but not in memory (a restart under the same id, dropped after failed renewals, or
                // a take whose answer was lost): take it again, which bumps the counter and fences out any stale writer.
                await TakeAsync(lease, cancellationToken);
            }
        }

        if (!_stopping)
        {
            // A listing settles a write in doubt: the lease is now held (adopted above), or not this worker's.
            foreach (var key in _inDoubt.Keys)
            {
                if (_held.ContainsKey(key) || listed.GetValueOrDefault(key)?.LeaseOwner != WorkerId)
                {
                    _inDoubt.TryRemove(key, out _);
                }
            }
        }
    }

    private async Task ExecuteAsync(BalancePlan plan, IReadOnlyList<Lease> leases, CancellationToken cancellationToken)
    {
        foreach (var lease in plan.Take)
        {
            await TakeAsync(lease, cancellationToken);
        }

        foreach (var lease in plan.Steal)
        {
            if (await TakeAsync(lease, cancellationToken))
            {
                _telemetry?.LeaseStolen(WorkerId);
            }
        }

        foreach (var lease in plan.RequestHandoff)
        {
            if (_stopping)
            {
                break;
            }

            if (await ClaimAsync(lease.LeaseKey, token => _store.RequestHandoffAsync(lease, WorkerId, token), cancellationToken))
            {
                LeaseCoordinatorLog.HandoffRequested(_logger, WorkerId, lease.LeaseKey, lease.LeaseOwner);
                // A balancing move like a steal, only gentler: counted with the steals.
                _telemetry?.LeaseStolen(WorkerId);
                var requested = lease.HandoffRequestedTo(WorkerId);
                // The handoff timeout runs from the request, not from the next listing that shows it.
                _tracker.Observe(requested);
                _held[lease.LeaseKey] = new HeldLease(requested, _tracker.Now);
            }
            else
            {
                LeaseCoordinatorLog.RaceLost(_logger, WorkerId, lease.LeaseKey);
            }
        }

        var listed = leases.ToDictionary(lease => lease.LeaseKey, StringComparer.Ordinal);
        foreach (var lease in plan.EndStalledHandoff)
        {
            await EndStalledHandoffAsync(lease, listed[lease.LeaseKey], cancellationToken);
        }

        foreach (var lease in plan.Release)
        {
            await ReleaseAsync(lease.LeaseKey, cancellationToken);
        }
    }

    private async Task<bool> TakeAsync(Lease lease, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            // Stopping began (perhaps during this cycle): whatever this worker took now it would only release.
            return false;
        }

        if (_held.ContainsKey(lease.LeaseKey))
        {
            // Still handing it off (a pending handoff whose new owner died expires like any lease): the shard task
            // is finishing it. Once it lets go, the next cycle takes the lease back.
            return false;
        }

        if (!await ClaimAsync(lease.LeaseKey, token => _store.TakeAsync(lease, WorkerId, token), cancellationToken))
        {
            LeaseCoordinatorLog.RaceLost(_logger, WorkerId, lease.LeaseKey);
            return false;
        }

        var taken = lease.TakenBy(WorkerId);
        if (lease.LeaseOwner is { } previousOwner)
        {
            LeaseCoordinatorLog.Took(_logger, WorkerId, lease.LeaseKey, previousOwner);
        }
        else
        {
            LeaseCoordinatorLog.TookUnowned(_logger, WorkerId, lease.LeaseKey);
        }

        _telemetry?.LeaseTaken(WorkerId);
        if (_stopping)
        {
            // Stopping began while the write was in flight: held without a handle (never processed), released at StopAsync.
            _held[lease.LeaseKey] = new HeldLease(taken, _tracker.Now);
            return true;
        }

        _held[lease.LeaseKey] = new HeldLease(taken, _tracker.Now) { Handle = new ShardLease(taken) };
        RaiseChanged();
        return true;
    }

    /// <summary>Unfinished leases that cannot be processed yet because a parent has not reached its end.</summary>
    private static int WaitingOnParents(IReadOnlyList<Lease> leases)
    {
        var present = leases.Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        var finished = leases.Where(lease => lease.IsFinished).Select(lease => lease.LeaseKey).ToHashSet(StringComparer.Ordinal);
        return leases.Count(lease => !lease.IsFinished && !LeaseBalancer.ParentsFinished(lease, present, finished));
    }

    private async Task EndStalledHandoffAsync(Lease planned, Lease listed, CancellationToken cancellationToken)
    {
        if (!_held.TryGetValue(planned.LeaseKey, out var held))
        {
            return;
        }

        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!_held.ContainsKey(held.Key) || held.Handle is not null || _stopping)
            {
                // (Stopping: the lease stays as it is, and is released at StopAsync.)
                return;
            }

            if (!await _store.TakeAsync(held.Current, WorkerId, cancellationToken))
            {
                Drop(held, LeaseRevocation.Lost);
                return;
            }

            LeaseCoordinatorLog.StalledHandoffEnded(_logger, WorkerId, held.Key, held.Current.CheckpointOwner);
            held.Current = held.Current.TakenBy(WorkerId) with { Checkpoint = listed.Checkpoint };
            held.RenewedAt = _tracker.Now;
            held.Handle = new ShardLease(held.Current);
            RaiseChanged();
        }
        finally
        {
            held.Gate.Release();
        }
    }
}
