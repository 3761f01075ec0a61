using KinesisFlow.Aws;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Cli;

/// <summary>
/// Reads the stream's shards (ListShards, paged) and the whole lease table (the lease store's scan of leases and worker
/// heartbeats: a lease's owner shows it is alive by its heartbeat, not by renewing the lease, and reports each shard's
/// lag in it).
/// Read-only: it never writes a lease. Both clients share one set of AWS options (--region or the region order,
/// --profile or the credential chain); each has its own endpoint flag.
/// </summary>
internal sealed class AwsStatusSource(KinesisClient kinesis, LeaseTableConnection leaseTable, StatusSettings settings) : IStatusSource
{
    /// <summary>The clients for <paramref name="settings"/>; a region no source names is an <see cref="AwsRegionMissingException"/>.</summary>
    public static AwsStatusSource Create(StatusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var aws = new AwsClientOptions { Region = settings.Region };
        var problems = aws.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        aws = aws.WithSharedCredentials();
        var kinesis = new KinesisClient(aws.AtEndpoint(settings.KinesisEndpoint));
        return new AwsStatusSource(kinesis, LeaseTableConnection.Open(aws.AtEndpoint(settings.DynamoDbEndpoint), new DynamoDbLeaseTableOptions { TableName = settings.LeaseTable }), settings);
    }

    public async Task<(IReadOnlyList<StatusStreamShard> Shards, IReadOnlyList<StatusLease> Leases)> ReadAsync(CancellationToken cancellationToken)
    {
        var shardsTask = kinesis.ListAllShardsAsync(StreamAddress.ByName(settings.StreamName), filter: null, cancellationToken);
        var leases = new List<StatusLease>();
        var scan = await leaseTable.ScanAsync(cancellationToken);
        var heartbeats = scan.Heartbeats.ToDictionary(beat => beat.WorkerId, StringComparer.Ordinal);
        foreach (var lease in scan.Leases)
        {
            // The lag of a shard is what its owner's heartbeat reports for it; a lease whose owner reports nothing for
            // it (no heartbeat: a KCL worker; not processing it yet) has no lag to show.
            var heartbeat = lease.LeaseOwner is { } owner ? heartbeats.GetValueOrDefault(owner) : null;
            ShardLagFigures? lag = heartbeat?.Lags?.Shards.TryGetValue(lease.LeaseKey, out var figures) == true ? figures : null;
            leases.Add(new StatusLease(
                lease.LeaseKey,
                lease.LeaseOwner,
                lease.LeaseCounter,
                lease.Checkpoint.ToString(),
                lease.ParentShardIds,
                lease.CheckpointOwner,
                lag?.MillisBehindLatest,
                lag?.ShardLagMillis,
                heartbeat?.Counter));
        }

        var shards = new List<StatusStreamShard>();
        foreach (var shard in await shardsTask)
        {
            string[] parents = [.. new[] { shard.ParentShardId, shard.AdjacentParentShardId }.OfType<string>()];
            shards.Add(new StatusStreamShard(shard.ShardId, parents, shard.IsClosed));
        }

        return (shards, leases);
    }

    public void Dispose()
    {
        kinesis.Dispose();
        leaseTable.Dispose();
    }
}
