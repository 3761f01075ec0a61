using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>The balancing scan (leases and heartbeats, eventually consistent) and the worker heartbeat items.</summary>
public sealed partial class DynamoDbLeaseStore
{
    public async Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken)
    {
        var leases = new List<Lease>();
        var heartbeats = new List<WorkerHeartbeat>();
        await ScanPagesAsync(
            consistent: false,
            items =>
            {
                foreach (var item in items)
                {
                    if (LeaseItemMapper.FromItemIfLease(item) is { } lease)
                    {
                        leases.Add(lease);
                    }
                    else if (LeaseItemMapper.HeartbeatOf(item) is { } heartbeat)
                    {
                        heartbeats.Add(heartbeat);
                    }
                }

                return true;
            },
            cancellationToken);
        return new LeaseTableScan(leases, heartbeats);
    }

    public async Task<long> HeartbeatAsync(string workerId, LagReport? lags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);

        // Never over an item that is not this heartbeat (a lease, a KCL item): the condition fails and throws.
        var update = new ConditionalUpdate()
            .WhereNewOrEquals(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.HeartbeatEntityType))
            .Set(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.HeartbeatEntityType))
            .Set(LeaseAttributes.WorkerId, LeaseItemMapper.String(workerId))
            .Add(LeaseAttributes.HeartbeatCounter, LeaseItemMapper.Number(1));
        if (lags is null)
        {
            update.Remove(LeaseAttributes.ShardLags).Remove(LeaseAttributes.LagReportedAt);
        }
        else
        {
            // The whole report replaces the last one: shards no longer processed drop out with it.
            foreach (var (name, lagValue) in LeaseItemMapper.LagAttributes(lags))
            {
                update.Set(name, lagValue);
            }
        }
        var request = update.ToUpdateRequest(TableName, WorkerHeartbeat.KeyOf(workerId));
        request.ReturnValues = Amazon.DynamoDBv2.ReturnValue.UPDATED_NEW;
        var response = await _client.UpdateItemAsync(request, cancellationToken);
        return response.Attributes is { } written && written.TryGetValue(LeaseAttributes.HeartbeatCounter, out var counter) && long.TryParse(counter.N, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    public async Task SignalHandoffCompletedAsync(string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);

        // Only on an existing heartbeat item: a worker that stopped needs no signal, and none may create its item.
        var update = new ConditionalUpdate()
            .WhereEquals(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.HeartbeatEntityType))
            .Add(LeaseAttributes.HandoffsCompleted, LeaseItemMapper.Number(1));
        await WhenConditionHolds(_client.UpdateItemAsync(update.ToUpdateRequest(TableName, WorkerHeartbeat.KeyOf(newOwner)), cancellationToken));
    }

    public async Task<long> ReadHandoffSignalAsync(string workerId, CancellationToken cancellationToken) =>
        await ReadHeartbeatAttributeAsync(workerId, LeaseAttributes.HandoffsCompleted, cancellationToken) is { } signal
        && long.TryParse(signal.N, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;

    public async Task<bool> HasHeartbeatAsync(string workerId, CancellationToken cancellationToken) =>
        (await ReadHeartbeatAttributeAsync(workerId, LeaseAttributes.EntityType, cancellationToken))?.S == LeaseAttributes.HeartbeatEntityType;

    // One attribute of a worker's heartbeat item, read consistently; null when the item or the attribute is missing.
    private async Task<AttributeValue?> ReadHeartbeatAttributeAsync(string workerId, string attribute, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var response = await _client.GetItemAsync(
            new GetItemRequest
            {
                TableName = TableName,
                Key = ConditionalUpdate.KeyOf(WorkerHeartbeat.KeyOf(workerId)),
                ConsistentRead = true,
                ProjectionExpression = "#attribute",
                ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#attribute"] = attribute },
            },
            cancellationToken);
        return response.Item is { } item && item.TryGetValue(attribute, out var value) ? value : null;
    }

    public async Task DeleteHeartbeatAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        var condition = new ConditionalUpdate().WhereEquals(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.HeartbeatEntityType));
        try
        {
            await _client.DeleteItemAsync(condition.ToDeleteRequest(TableName, WorkerHeartbeat.KeyOf(workerId)), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Not a heartbeat (or gone): nothing of ours to delete.
        }
    }
}
