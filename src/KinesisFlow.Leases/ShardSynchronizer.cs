using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases;

/// <summary>
/// Lists the stream's shards and applies <see cref="ShardSyncPlanner"/>: creates missing leases with their lineage,
/// repairs hash-range holes, deletes finished parents whose children are under way. Every write is conditional, so
/// several workers syncing at once is harmless.
/// </summary>
public sealed partial class ShardSynchronizer(
    IShardLister lister, ILeaseStore store, ExtendedSequenceNumber initialPosition, ILogger<ShardSynchronizer> logger)
{
    public async Task<ShardSyncResult> SynchronizeAsync(CancellationToken cancellationToken)
    {
        var shards = await lister.ListShardsAsync(cancellationToken);
        var leases = await store.ListAsync(cancellationToken);
        var plan = ShardSyncPlanner.Plan(shards, leases, initialPosition);
        if (leases.Count == 0 && plan.Create.Count > 0)
        {
            // A new table: every lease is missing, which is no fault (each created one is logged below).
            LogNewTable(logger, plan.Create.Count);
        }
        else if (plan.HolesBefore.Count > 0)
        {
            LogHoles(logger, plan.HolesBefore.Count, string.Join(", ", plan.HolesBefore));
        }

        var created = 0;
        foreach (var lease in plan.Create)
        {
            if (await store.CreateIfAbsentAsync(lease, cancellationToken))
            {
                created++;
                LogCreated(logger, lease.LeaseKey, lease.Checkpoint.ToString(), lease.ParentShardIds.IsEmpty ? "no parents" : "parents " + string.Join(", ", lease.ParentShardIds));
            }
        }

        var deleted = 0;
        foreach (var lease in plan.Delete)
        {
            if (await store.DeleteAsync(lease, cancellationToken))
            {
                deleted++;
                LogDeleted(logger, lease.LeaseKey);
            }
        }

        return new ShardSyncResult(shards.Count, created, deleted, plan.HolesBefore.Count);
    }

    [LoggerMessage(801, LogLevel.Information, "Created lease {LeaseKey} at {Checkpoint} ({Parents})")]
    private static partial void LogCreated(ILogger logger, string leaseKey, string checkpoint, string parents);

    [LoggerMessage(802, LogLevel.Information, "Deleted finished lease {LeaseKey}: its children are under way")]
    private static partial void LogDeleted(ILogger logger, string leaseKey);

    [LoggerMessage(804, LogLevel.Information, "The lease table holds no lease yet: creating one per shard ({Count})")]
    private static partial void LogNewTable(ILogger logger, int count);

    [LoggerMessage(803, LogLevel.Warning, "{Count} hash-key range hole(s) in the lease table ({Holes}); creating the missing leases")]
    private static partial void LogHoles(ILogger logger, int count, string holes);
}
