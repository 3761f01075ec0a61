using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases;

/// <summary>
/// Runs shard sync when it is due (at the first cycle, then every <see cref="LeaseOptions.ShardSyncInterval"/> on the
/// worker's monotonic clock). A failed sync is logged and retried when next due: it must not stop balancing the leases
/// that exist.
/// </summary>
internal sealed class ShardSyncTrigger(ShardSynchronizer? synchronizer, HeldLeases leases, LeaseOptions options)
{
    private TimeSpan? _lastSync;

    public async Task RunIfDueAsync(CancellationToken cancellationToken)
    {
        if (synchronizer is null || (_lastSync is { } last && leases.Now - last < options.ShardSyncInterval))
        {
            return;
        }

        _lastSync = leases.Now;
        try
        {
            await synchronizer.SynchronizeAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // E.g. ListShards throttled.
            LeaseCoordinatorLog.CycleFailed(leases.Logger, exception, leases.WorkerId, "shard sync");
        }
    }
}
