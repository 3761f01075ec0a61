using Amazon.DynamoDBv2;
using KinesisFlow.Aws;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Cli;

/// <summary>
/// Reads the stream's shards (ListShards, paged) and the whole lease table (the lease store's consistent scan).
/// Read-only: it never writes a lease. Credentials and region come from the standard AWS chain unless <c>--region</c>
/// is given.
/// </summary>
internal sealed class AwsStatusSource(KinesisClient kinesis, AmazonDynamoDBClient dynamoDb, StatusSettings settings) : IStatusSource
{
    private readonly DynamoDbLeaseStore _leases = new(dynamoDb, new DynamoDbLeaseTableOptions { TableName = settings.LeaseTable });

    public static AwsStatusSource Create(StatusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var kinesisOptions = new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.KinesisEndpoint };
        var problems = kinesisOptions.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var credentials = AwsCredentialsFactory.Create(kinesisOptions);
        var dynamoDb = LeaseTableClientFactory.Create(AwsRegionResolver.Resolve(settings.Region), settings.DynamoDbEndpoint, credentials);
        return new AwsStatusSource(new KinesisClient(kinesisOptions), dynamoDb, settings);
    }

    public async Task<(IReadOnlyList<StatusStreamShard> Shards, IReadOnlyList<StatusLease> Leases)> ReadAsync(CancellationToken cancellationToken)
    {
        var shardsTask = kinesis.ListAllShardsAsync(StreamAddress.ByName(settings.StreamName), filter: null, cancellationToken);
        var leases = new List<StatusLease>();
        foreach (var lease in await _leases.ListAsync(cancellationToken))
        {
            leases.Add(new StatusLease(
                lease.LeaseKey,
                lease.LeaseOwner,
                lease.LeaseCounter,
                lease.Checkpoint.ToString(),
                lease.ParentShardIds,
                lease.CheckpointOwner,
                lease.MillisBehindLatest,
                lease.ShardLagMillis));
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
        dynamoDb.Dispose();
    }
}
