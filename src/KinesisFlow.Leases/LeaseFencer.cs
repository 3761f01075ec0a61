using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// The writes that must be fenced by the lease a worker holds, and what a refused one means: checkpoints (the owner's,
/// or the handing-off owner's until it lets go), letting go (release, or completing a handoff), and settling a lease
/// whose table state differs from this worker's copy — still ours (a stale copy), being asked for (handoff), or lost.
/// Every write to one lease runs under that lease's gate, so each is conditional on the counter the previous one left.
/// </summary>
internal sealed class LeaseFencer(HeldLeases leases, ILeaseStore store)
{
    private string WorkerId => leases.WorkerId;

    /// <summary>Writes a checkpoint; false when the lease is no longer this worker's (it is then dropped as lost).</summary>
    public async Task<bool> CheckpointAsync(string shardId, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        if (!leases.Held.TryGetValue(shardId, out var held))
        {
            return false;
        }

        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = held.Current;
            if (!leases.Held.ContainsKey(shardId) || !MayCheckpoint(current))
            {
                return false;
            }

            // KinesisFlow checkpoints whole records: one at the sequence number a KCL checkpoint pointed inside (an
            // aggregate re-read from its start) is not behind it.
            if (checkpoint < new ExtendedSequenceNumber(current.Checkpoint.SequenceNumber))
            {
                throw new ArgumentOutOfRangeException(nameof(checkpoint), checkpoint, $"Checkpoint of {shardId} would go backwards from {current.Checkpoint}.");
            }

            var written = await store.CheckpointAsync(current, checkpoint, childShardIds, cancellationToken);
            if (!written)
            {
                // Our copy may just be stale: a renewal whose answer was lost, or a peer's handoff request this
                // worker's cycles have not seen yet (the old owner may still checkpoint until it lets go). Re-read;
                // only a lease that is really someone else's is dropped as lost. Then once more, on the fresh copy.
                Settle(held, await store.GetAsync(shardId, cancellationToken));
                current = held.Current;
                if (leases.Held.ContainsKey(shardId) && MayCheckpoint(current))
                {
                    written = await store.CheckpointAsync(current, checkpoint, childShardIds, cancellationToken);
                }
            }

            if (written)
            {
                held.Current = current.Checkpointed(checkpoint, childShardIds);
                return true;
            }

            leases.Drop(held, LeaseRevocation.Lost);
            return false;
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>Ends the handoff this worker was asked for, or releases a lease it holds; false when it no longer may.</summary>
    public async Task<bool> ReleaseAsync(string shardId, CancellationToken cancellationToken)
    {
        if (!leases.Held.TryGetValue(shardId, out var held))
        {
            return false;
        }

        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!leases.Held.ContainsKey(shardId))
            {
                return false;
            }

            var released = await LetGoAsync(held.Current, cancellationToken);
            if (!released)
            {
                // As for checkpoints: a stale copy (e.g. a handoff request not seen yet) is not a lost lease.
                Settle(held, await store.GetAsync(shardId, cancellationToken));
                released = leases.Held.ContainsKey(shardId) && await LetGoAsync(held.Current, cancellationToken);
            }

            leases.Drop(held, released ? LeaseRevocation.Released : LeaseRevocation.Lost);
            return released;
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>
    /// A write this worker expected to succeed did not, or a listing disagrees with what it holds: work out from the
    /// lease's state (<paramref name="fresh"/>) whether it is being asked to hand over, or has lost it. Gate held.
    /// </summary>
    public void Settle(HeldLease held, Lease? fresh)
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
            LeaseCoordinatorLog.HandingOff(leases.Logger, WorkerId, held.Key, fresh.LeaseOwner);
            held.Handle.Revoke(LeaseRevocation.HandoffRequested);
            leases.RaiseChanged();
            return;
        }

        if (fresh is not null && fresh.CheckpointOwner == WorkerId && held.Current.CheckpointOwner == WorkerId)
        {
            // Already handing off: wait for the shard task to finish and call ReleaseAsync.
            held.Current = fresh;
            return;
        }

        leases.Drop(held, fresh?.IsFinished == true ? LeaseRevocation.ShardEnded : LeaseRevocation.Lost);
    }

    /// <summary>Brings held leases in line with a fresh read of them: handoffs asked of us or completed to us, losses.</summary>
    public async Task ReconcileAsync(IReadOnlyDictionary<string, Lease> listed, CancellationToken cancellationToken)
    {
        foreach (var held in leases.Held.Values.ToArray())
        {
            await ReconcileAsync(held, listed.GetValueOrDefault(held.Key), cancellationToken);
        }
    }

    /// <summary>Brings one held lease in line with <paramref name="fresh"/> (null: gone from the table).</summary>
    public async Task ReconcileAsync(HeldLease held, Lease? fresh, CancellationToken cancellationToken)
    {
        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!leases.Held.ContainsKey(held.Key))
            {
                return;
            }

            if (held.Current.LeaseOwner != WorkerId)
            {
                // Handing off: over once the new owner (or anyone) cleared checkpointOwner.
                if (fresh?.CheckpointOwner != WorkerId)
                {
                    leases.Drop(held, LeaseRevocation.Released);
                }
            }
            else if (fresh?.LeaseOwner != WorkerId || fresh.IsFinished)
            {
                Settle(held, fresh);
            }
            else if (held.Handle is null && fresh.CheckpointOwner is null && !leases.Stopping)
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
                leases.RaiseChanged();
            }
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>Ends the handoff this worker was asked for, or releases the lease it owns; false when neither holds.</summary>
    private async Task<bool> LetGoAsync(Lease current, CancellationToken cancellationToken)
    {
        if (current.CheckpointOwner != WorkerId || current.LeaseOwner is not { } newOwner || newOwner == WorkerId)
        {
            return current.LeaseOwner == WorkerId && await store.ReleaseAsync(current, cancellationToken);
        }

        if (!await store.CompleteHandoffAsync(current, cancellationToken))
        {
            return false;
        }

        try
        {
            // So that the new owner, watching its own heartbeat item, starts at once (HandoffWatch).
            await store.SignalHandoffCompletedAsync(newOwner, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The handoff itself is done; the new owner finds it at its next full look instead.
            LeaseCoordinatorLog.HandoffSignalFailed(leases.Logger, exception, WorkerId, current.LeaseKey, newOwner);
        }

        return true;
    }

    /// <summary>This worker processes the lease, or is handing it off and may checkpoint until it lets go.</summary>
    private bool MayCheckpoint(Lease current) =>
        current.CheckpointOwner is null ? current.LeaseOwner == WorkerId : current.CheckpointOwner == WorkerId && current.LeaseOwner != WorkerId;
}
