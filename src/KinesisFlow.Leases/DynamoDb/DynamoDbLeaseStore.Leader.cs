using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// The leader item (<see cref="LeaderLease.Key"/>, <c>entityType</c> <see cref="LeaseAttributes.LeaderEntityType"/>):
/// not a lease, so KinesisFlow and the KCL 3.5+ both skip it when they list leases, and no lease write can touch it.
/// </summary>
public sealed partial class DynamoDbLeaseStore
{
    public async Task<LeaderLease?> ReadLeaderAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = ConditionalUpdate.KeyOf(LeaderLease.Key), ConsistentRead = false },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? LeaseItemMapper.LeaderOf(item) : null;
    }

    public Task<bool> WriteLeaderAsync(LeaderLease? seen, LeaderLease next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var update = LeaderAsSeen(seen)
            .Set(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.LeaderEntityType))
            .Set(LeaseAttributes.WorkerId, LeaseItemMapper.String(next.WorkerId))
            .Set(LeaseAttributes.LeaderCounter, LeaseItemMapper.Number(next.Counter))
            .Set(LeaseAttributes.HeartbeatCounter, LeaseItemMapper.Number(next.HeartbeatCounter));
        return WhenConditionHolds(_client.UpdateItemAsync(update.ToUpdateRequest(TableName, LeaderLease.Key), cancellationToken));
    }

    public Task<bool> DeleteLeaderAsync(LeaderLease seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return WhenConditionHolds(_client.DeleteItemAsync(LeaderAsSeen(seen).ToDeleteRequest(TableName, LeaderLease.Key), cancellationToken));
    }

    /// <summary>No item under the key when nothing was seen; else the leader item of the same worker and counter.</summary>
    private static ConditionalUpdate LeaderAsSeen(LeaderLease? seen) =>
        seen is null
            ? new ConditionalUpdate().WhereAbsent(LeaseAttributes.LeaseKey)
            : new ConditionalUpdate()
                .WhereEquals(LeaseAttributes.EntityType, LeaseItemMapper.String(LeaseAttributes.LeaderEntityType))
                .WhereEquals(LeaseAttributes.WorkerId, LeaseItemMapper.String(seen.WorkerId))
                .WhereEquals(LeaseAttributes.LeaderCounter, LeaseItemMapper.Number(seen.Counter));
}
