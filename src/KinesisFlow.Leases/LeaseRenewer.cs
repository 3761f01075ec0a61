using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Keeps this worker's claims alive: renews every lease it owns (a few at a time), each under its gate, and writes
/// the lag reports that are due with them. A renewal refused means the lease changed: the fencer settles what that
/// means. Renewals failing for a whole lease duration make the worker give the lease up (peers may have taken it).
/// </summary>
internal sealed class LeaseRenewer(HeldLeases leases, ILeaseStore store, LeaseFencer fencer, LeaseOptions options, TimeProvider time)
{
    private const int RenewParallelism = 8;

    private int _faults;

    /// <summary>Raised after each cycle in which every renewal reached the table (won or lost), even with nothing to renew.</summary>
    public event EventHandler? CycleCompleted;

    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = RenewParallelism, CancellationToken = cancellationToken };
        Interlocked.Exchange(ref _faults, 0);
        await Parallel.ForEachAsync(leases.Held.Values.ToArray(), parallel, RenewAsync);
        if (Volatile.Read(ref _faults) == 0)
        {
            CycleCompleted?.Invoke(this, EventArgs.Empty);
        }
    }

    private async ValueTask RenewAsync(HeldLease held, CancellationToken cancellationToken)
    {
        await held.Gate.WaitAsync(cancellationToken);
        try
        {
            // Leases being handed off belong to their new owner, who renews them.
            if (!leases.Held.ContainsKey(held.Key) || held.Current.LeaseOwner != leases.WorkerId)
            {
                return;
            }

            bool renewed;
            try
            {
                renewed = await store.RenewAsync(held.Current, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _faults);
                LeaseCoordinatorLog.RenewFailed(leases.Logger, exception, leases.WorkerId, held.Key, options.LeaseDuration);
                if (leases.Now - held.RenewedAt > options.LeaseDuration)
                {
                    // Peers may already have taken it: stop processing rather than duplicate.
                    leases.Drop(held, LeaseRevocation.Lost);
                }

                return;
            }

            if (renewed)
            {
                held.Current = held.Current.Renewed();
                held.RenewedAt = leases.Now;
                await WriteLagIfDueAsync(held, cancellationToken);
                return;
            }

            fencer.Settle(held, await store.GetAsync(held.Key, cancellationToken));
        }
        finally
        {
            held.Gate.Release();
        }
    }

    private async Task WriteLagIfDueAsync(HeldLease held, CancellationToken cancellationToken)
    {
        var now = leases.Now;
        if (held.MillisBehindLatest is not { } behind || (held.LagWrittenAt is { } written && now - written < options.LeaseDuration))
        {
            return;
        }

        var reportedAt = time.GetUtcNow();
        var lag = (long)ShardLag.At(reportedAt, behind, held.OldestUnacknowledgedArrival).Lag.TotalMilliseconds;
        if (behind == held.Current.MillisBehindLatest && lag == held.Current.ShardLagMillis)
        {
            return;
        }

        if (await store.UpdateLagAsync(held.Current, behind, lag, reportedAt, cancellationToken))
        {
            held.Current = held.Current.WithLag(behind, lag, reportedAt);
            held.LagWrittenAt = now;
        }
    }
}
