using System.Globalization;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// Reads the stream's shards (ListShards, paged) and the whole lease table (a consistent Scan, paged). Read-only: it
/// never writes a lease. Credentials and region come from the standard AWS chain unless <c>--region</c> is given.
/// </summary>
internal sealed class AwsStatusSource(KinesisClient kinesis, AmazonDynamoDBClient dynamoDb, StatusSettings settings) : IStatusSource
{
    // KCL 2.x attribute names of a lease item, plus our own report of the owner's lag.
    private const string LeaseKey = "leaseKey";
    private const string LeaseOwner = "leaseOwner";
    private const string LeaseCounter = "leaseCounter";
    private const string Checkpoint = "checkpoint";
    private const string ParentShardId = "parentShardId";
    private const string CheckpointOwner = "checkpointOwner";
    private const string OwnerMillisBehindLatest = "ownerMillisBehindLatest";

    public static AwsStatusSource Create(StatusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var kinesisOptions = new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.KinesisEndpoint };
        var problems = kinesisOptions.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        var dynamoDbConfig = new AmazonDynamoDBConfig();
        if (settings.DynamoDbEndpoint is { } endpoint)
        {
            dynamoDbConfig.ServiceURL = endpoint.ToString();
            dynamoDbConfig.AuthenticationRegion = settings.Region ?? AwsEndpointResolver.DefaultRegionForServiceUrl;
        }
        else if (settings.Region is { } region)
        {
            dynamoDbConfig.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AwsStatusSource(
            new KinesisClient(kinesisOptions),
            new AmazonDynamoDBClient(AwsCredentialsFactory.Create(kinesisOptions), dynamoDbConfig),
            settings);
    }

    public async Task<(IReadOnlyList<StatusStreamShard> Shards, IReadOnlyList<StatusLease> Leases)> ReadAsync(CancellationToken cancellationToken)
    {
        var shardsTask = kinesis.ListAllShardsAsync(StreamAddress.ByName(settings.StreamName), filter: null, cancellationToken);
        var leases = await ScanLeasesAsync(cancellationToken);
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

    private async Task<List<StatusLease>> ScanLeasesAsync(CancellationToken cancellationToken)
    {
        var leases = new List<StatusLease>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await dynamoDb.ScanAsync(
                new ScanRequest { TableName = settings.LeaseTable, ConsistentRead = true, ExclusiveStartKey = startKey },
                cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (ToLease(item) is { } lease)
                {
                    leases.Add(lease);
                }
            }

            startKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        return leases;
    }

    private static StatusLease? ToLease(Dictionary<string, AttributeValue> item)
    {
        if (String(item, LeaseKey) is not { } shardId)
        {
            return null; // not a lease item
        }

        return new StatusLease(
            shardId,
            String(item, LeaseOwner),
            Number(item, LeaseCounter) ?? 0,
            String(item, Checkpoint),
            item.TryGetValue(ParentShardId, out var parents) && parents.SS is { } set ? [.. set] : [],
            String(item, CheckpointOwner),
            Number(item, OwnerMillisBehindLatest));
    }

    private static string? String(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.S) ? value.S : null;

    private static long? Number(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
