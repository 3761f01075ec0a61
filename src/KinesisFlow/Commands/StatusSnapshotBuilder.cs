namespace KinesisFlow.Cli;

/// <summary>Joins the stream's shards and the lease table into a <see cref="StatusSnapshot"/>. Pure.</summary>
internal static class StatusSnapshotBuilder
{
    /// <summary>The checkpoint sentinel of a shard processed to its end (KCL's).</summary>
    public const string ShardEnd = "SHARD_END";

    public static StatusSnapshot Build(
        string streamName,
        string leaseTable,
        DateTimeOffset takenAt,
        IReadOnlyList<StatusStreamShard> shards,
        IReadOnlyList<StatusLease> leases,
        IReadOnlyDictionary<string, RenewalAge> renewals)
    {
        var leaseByShard = new Dictionary<string, StatusLease>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            leaseByShard[lease.ShardId] = lease;
        }

        var shardById = new Dictionary<string, StatusStreamShard>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            shardById[shard.ShardId] = shard;
        }

        var ids = new SortedSet<string>(leaseByShard.Keys, StringComparer.Ordinal);
        ids.UnionWith(shardById.Keys);
        var rows = new List<StatusShardRow>(ids.Count);
        foreach (var id in ids)
        {
            leaseByShard.TryGetValue(id, out var lease);
            shardById.TryGetValue(id, out var shard);
            var parents = Parents(lease, shard);
            rows.Add(new StatusShardRow(
                id,
                StateOf(lease, shard, parents, leaseByShard),
                lease is not null,
                lease?.Owner,
                lease?.Checkpoint,
                lease?.Counter,
                lease?.OwnerMillisBehindLatest,
                lease?.Owner is not null && renewals.TryGetValue(id, out var renewal) ? renewal : null,
                parents,
                lease?.CheckpointOwner,
                lease?.OwnerShardLagMillis));
        }

        var unowned = 0;
        foreach (var row in rows)
        {
            if (row.HasLease && row.Owner is null && row.State != StatusShardState.Finished)
            {
                unowned++;
            }
        }

        return new StatusSnapshot(streamName, leaseTable, takenAt, rows, Workers(rows), unowned);
    }

    private static IReadOnlyList<string> Parents(StatusLease? lease, StatusStreamShard? shard)
    {
        var parents = new SortedSet<string>(StringComparer.Ordinal);
        if (lease is not null)
        {
            parents.UnionWith(lease.ParentShardIds);
        }

        if (shard is not null)
        {
            parents.UnionWith(shard.ParentShardIds);
        }

        return [.. parents];
    }

    private static StatusShardState StateOf(
        StatusLease? lease, StatusStreamShard? shard, IReadOnlyList<string> parents, Dictionary<string, StatusLease> leaseByShard)
    {
        if (lease?.Checkpoint == ShardEnd)
        {
            return StatusShardState.Finished;
        }

        // A parent without a lease counts as trimmed (done), as the consumer decides it.
        foreach (var parent in parents)
        {
            if (leaseByShard.TryGetValue(parent, out var parentLease) && parentLease.Checkpoint != ShardEnd)
            {
                return StatusShardState.WaitingOnParent;
            }
        }

        return shard switch
        {
            null => StatusShardState.NotInStream,
            { IsClosed: true } => StatusShardState.Closed,
            _ => StatusShardState.Open,
        };
    }

    private static List<StatusWorkerRow> Workers(List<StatusShardRow> rows)
    {
        var workers = new SortedDictionary<string, StatusWorkerRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Owner is null)
            {
                continue;
            }

            var worker = workers.GetValueOrDefault(row.Owner) ?? new StatusWorkerRow(row.Owner, 0, 0, 0, null);
            var processing = row.State is StatusShardState.Open or StatusShardState.Closed;
            workers[row.Owner] = worker with
            {
                Leases = worker.Leases + 1,
                Processing = worker.Processing + (processing ? 1 : 0),
                WaitingOnParent = worker.WaitingOnParent + (row.State == StatusShardState.WaitingOnParent ? 1 : 0),
                MaxMillisBehindLatest = processing ? Max(worker.MaxMillisBehindLatest, row.OwnerMillisBehindLatest) : worker.MaxMillisBehindLatest,
                MaxLagMillis = processing ? Max(worker.MaxLagMillis, row.LagMillis) : worker.MaxLagMillis,
            };
        }

        return [.. workers.Values];
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
