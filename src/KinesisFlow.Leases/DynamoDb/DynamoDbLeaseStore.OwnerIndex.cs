using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// The <c>leaseOwner</c> index, exactly as KCL 3.x creates it (so that KCL 3 and KinesisFlow share it): global secondary
/// index <see cref="OwnerIndexName"/>, hash key <c>leaseOwner</c> and range key <c>leaseKey</c> (both S), keys only;
/// on-demand when the table is, else the table's provisioned capacity. A table KinesisFlow creates has it from the
/// start; an existing table gets it with UpdateTable (which needs <c>dynamodb:UpdateTable</c>); until it is ACTIVE, or when it cannot be created, <see cref="ListOwnedKeysAsync"/>
/// answers null and workers rely on their scans.
/// </summary>
public sealed partial class DynamoDbLeaseStore
{
    /// <summary>KCL 3.x's name for the index (DynamoDBLeaseRefresher.LEASE_OWNER_TO_LEASE_KEY_INDEX_NAME).</summary>
    public const string OwnerIndexName = "LeaseOwnerToLeaseKeyIndex";

    /// <summary>How often a worker looks again whether an index still being created has become ACTIVE.</summary>
    private static readonly TimeSpan OwnerIndexRecheckInterval = TimeSpan.FromSeconds(30);

    private volatile bool _ownerIndexActive;
    private long _ownerIndexCheckedAt;

    public async Task<IReadOnlyList<string>?> ListOwnedKeysAsync(string workerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        if (!_ownerIndexActive && !await OwnerIndexBecameActiveAsync(cancellationToken))
        {
            return null;
        }

        var keys = new List<string>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await _client.QueryAsync(
                new QueryRequest
                {
                    TableName = TableName,
                    IndexName = OwnerIndexName,
                    KeyConditionExpression = "#owner = :owner",
                    ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#owner"] = LeaseAttributes.LeaseOwner },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":owner"] = LeaseItemMapper.String(workerId) },
                    ExclusiveStartKey = startKey,
                },
                cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                if (item.TryGetValue(LeaseAttributes.LeaseKey, out var key) && key.S is { } leaseKey)
                {
                    keys.Add(leaseKey);
                }
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);

        return keys;
    }

    /// <summary>Creates the index when the table lacks it; a table without it still works (scans only).</summary>
    private async Task EnsureOwnerIndexAsync(TableDescription table, CancellationToken cancellationToken)
    {
        var status = OwnerIndexStatus(table);
        if (status is not null)
        {
            _ownerIndexActive = status == IndexStatus.ACTIVE;
            return;
        }

        try
        {
            var payPerRequest = table.BillingModeSummary?.BillingMode == BillingMode.PAY_PER_REQUEST
                || table.ProvisionedThroughput is null or { ReadCapacityUnits: null or 0 };
            var response = await _client.UpdateTableAsync(
                new UpdateTableRequest
                {
                    TableName = TableName,
                    AttributeDefinitions = OwnerIndexAttributes(),
                    GlobalSecondaryIndexUpdates =
                    [
                        new GlobalSecondaryIndexUpdate
                        {
                            Create = new CreateGlobalSecondaryIndexAction
                            {
                                IndexName = OwnerIndexName,
                                KeySchema = OwnerIndexKeySchema(),
                                Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                                ProvisionedThroughput = payPerRequest
                                    ? null
                                    : new ProvisionedThroughput(table.ProvisionedThroughput!.ReadCapacityUnits, table.ProvisionedThroughput.WriteCapacityUnits),
                            },
                        },
                    ],
                },
                cancellationToken);
            LogOwnerIndexCreating(TableName, OwnerIndexName);
            _ownerIndexActive = OwnerIndexStatus(response.TableDescription) == IndexStatus.ACTIVE;
        }
        catch (AmazonDynamoDBException exception) when (exception is ResourceInUseException or LimitExceededException || exception.ErrorCode is "AccessDeniedException" or "ValidationException")
        {
            // Being created by a peer, not allowed (no dynamodb:UpdateTable), or the table is busy: work without it.
            LogOwnerIndexUnavailable(exception, TableName, OwnerIndexName);
        }

        _ownerIndexCheckedAt = _time.GetTimestamp();
    }

    private async Task<bool> OwnerIndexBecameActiveAsync(CancellationToken cancellationToken)
    {
        if (_time.GetElapsedTime(Interlocked.Read(ref _ownerIndexCheckedAt)) < OwnerIndexRecheckInterval)
        {
            return false;
        }

        Interlocked.Exchange(ref _ownerIndexCheckedAt, _time.GetTimestamp());
        _ownerIndexActive = await DescribeAsync(cancellationToken) is { } table && OwnerIndexStatus(table) == IndexStatus.ACTIVE;
        return _ownerIndexActive;
    }

    /// <summary>The index as a new table is created with it (on-demand, like the table).</summary>
    private static GlobalSecondaryIndex OwnerIndexAtCreation() => new()
    {
        IndexName = OwnerIndexName,
        KeySchema = OwnerIndexKeySchema(),
        Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
    };

    private static List<AttributeDefinition> OwnerIndexAttributes() =>
    [
        new AttributeDefinition(LeaseAttributes.LeaseOwner, ScalarAttributeType.S),
        new AttributeDefinition(LeaseAttributes.LeaseKey, ScalarAttributeType.S),
    ];

    private static List<KeySchemaElement> OwnerIndexKeySchema() =>
    [
        new KeySchemaElement(LeaseAttributes.LeaseOwner, KeyType.HASH),
        new KeySchemaElement(LeaseAttributes.LeaseKey, KeyType.RANGE),
    ];

    private static IndexStatus? OwnerIndexStatus(TableDescription? table) =>
        table?.GlobalSecondaryIndexes?.FirstOrDefault(index => index.IndexName == OwnerIndexName)?.IndexStatus;

    [LoggerMessage(902, LogLevel.Information, "Adding index {IndexName} (leaseOwner, leaseKey; keys only, as KCL 3 does) to lease table {TableName}")]
    private partial void LogOwnerIndexCreating(string tableName, string indexName);

    [LoggerMessage(903, LogLevel.Warning, "Lease table {TableName}: cannot add index {IndexName} now; workers scan instead (allow dynamodb:UpdateTable to have it created)")]
    private partial void LogOwnerIndexUnavailable(Exception exception, string tableName, string indexName);
}
