using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using KinesisFlow.TestKit;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>Reads the lease table the workers share, as an operator would inspect it (KCL attribute names).</summary>
public sealed class LeaseTable(Uri dynamoDbEndpoint, string tableName) : IDisposable
{
    private readonly AmazonDynamoDBClient _client = new(
        new BasicAWSCredentials(EmulatorCredentials.AccessKeyId, EmulatorCredentials.SecretAccessKey),
        new AmazonDynamoDBConfig { ServiceURL = dynamoDbEndpoint.ToString(), AuthenticationRegion = EmulatorCredentials.Region });

    /// <summary>Shard id → (owner, checkpoint, checkpoint owner while a handoff is pending) of every lease.</summary>
    public async Task<Dictionary<string, (string? Owner, string? Checkpoint, string? HandingOver)>> ReadAsync() =>
        (await ScanAsync()).ToDictionary(
            item => item["leaseKey"].S, item => (Text(item, "leaseOwner"), Text(item, "checkpoint"), Text(item, "checkpointOwner")), StringComparer.Ordinal);

    /// <summary>Worker id → heartbeat counter of every worker heartbeat item: it grows every renew interval, the workers' own clock.</summary>
    public async Task<Dictionary<string, long>> HeartbeatsAsync() =>
        (await ScanItemsAsync()).Where(item => Text(item, "entityType") == "KINESISFLOW_HEARTBEAT").ToDictionary(
            item => item["workerId"].S, item => long.Parse(item["heartbeatCounter"].N, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>Shard id → checkpoint of every lease (for <see cref="TestKit.Shapes.Backlog.CheckpointMismatches"/>).</summary>
    public async Task<Dictionary<string, string?>> CheckpointsAsync() =>
        (await ReadAsync()).ToDictionary(lease => lease.Key, lease => lease.Value.Checkpoint, StringComparer.Ordinal);

    public void Dispose() => _client.Dispose();

    /// <summary>The lease items only: items with an <c>entityType</c> other than LEASE (worker heartbeats, KCL 3.5 items) are not leases.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync() =>
        [.. (await ScanItemsAsync()).Where(item => Text(item, "entityType") is null or "LEASE")];

    private async Task<List<Dictionary<string, AttributeValue>>> ScanItemsAsync()
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _client.ScanAsync(new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = start });
            items.AddRange(page.Items);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;
}
