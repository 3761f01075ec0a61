using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// The lease table on DynamoDB. Every mutation is one conditional write (no transactions, which dynalite lacks);
/// a failed condition (<see cref="ConditionalCheckFailedException"/>) is <c>false</c>, everything else throws.
/// </summary>
public sealed partial class DynamoDbLeaseStore : ILeaseStore
{
    private static readonly TimeSpan ActivePollInterval = TimeSpan.FromMilliseconds(200);

    private readonly IAmazonDynamoDB _client;
    private readonly DynamoDbLeaseTableOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _kclTableChecked;

    public DynamoDbLeaseStore(IAmazonDynamoDB client, DynamoDbLeaseTableOptions options, TimeProvider? time = null, ILogger<DynamoDbLeaseStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<DynamoDbLeaseStore>.Instance;
    }

    public string TableName => _options.TableName;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        var table = await DescribeAsync(cancellationToken);
        if (table is null)
        {
            if (!_options.CreateIfMissing)
            {
                throw new LeaseTableException(
                    $"Lease table '{TableName}' does not exist. Create it (hash key '{LeaseAttributes.LeaseKey}', type S) or let the consumer create it (KinesisFlow:Leases:CreateTable=true).");
            }

            table = await CreateAsync(cancellationToken);
        }

        CheckKeySchema(table);
        table = await WaitUntilActiveAsync(table, cancellationToken);
        await EnsureOwnerIndexAsync(table, cancellationToken);
        if (!_kclTableChecked)
        {
            await RefuseKclTableAsync(cancellationToken);
            _kclTableChecked = true;
        }
    }

    public async Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken)
    {
        var leases = new List<Lease>();
        await ScanPagesAsync(
            consistent: true,
            items =>
            {
                foreach (var item in items)
                {
                    // The KCL 3.5+ leader, migration-state and worker-metrics items share the table: not leases.
                    if (LeaseItemMapper.FromItemIfLease(item) is { } lease)
                    {
                        leases.Add(lease);
                    }
                }

                return true;
            },
            cancellationToken);
        return leases;
    }

    public async Task<Lease?> GetAsync(string leaseKey, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = ConditionalUpdate.KeyOf(leaseKey), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? LeaseItemMapper.FromItemIfLease(item) : null;
    }

    public Task<bool> CreateIfAbsentAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WhenConditionHolds(_client.PutItemAsync(
            new PutItemRequest
            {
                TableName = TableName,
                Item = LeaseItemMapper.ToItem(lease),
                ConditionExpression = "attribute_not_exists(#key)",
                ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#key"] = LeaseAttributes.LeaseKey },
            },
            cancellationToken));
    }

    public Task<bool> RenewAsync(Lease seen, CancellationToken cancellationToken) =>
        UpdateAsync(seen, OwnedAsSeen(seen).Set(LeaseAttributes.LeaseCounter, Counter(seen.Renewed())), cancellationToken);

    public Task<bool> TakeAsync(Lease seen, string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);
        var update = OwnedAsSeen(seen)
            .Set(LeaseAttributes.LeaseOwner, LeaseItemMapper.String(newOwner))
            .Set(LeaseAttributes.LeaseCounter, Counter(seen.TakenBy(newOwner)))
            .Remove(LeaseAttributes.CheckpointOwner);
        if (newOwner != seen.LeaseOwner)
        {
            update.Add(LeaseAttributes.OwnerSwitchesSinceCheckpoint, LeaseItemMapper.Number(1));
        }

        return UpdateAsync(seen, update, cancellationToken);
    }

    public Task<bool> ReleaseAsync(Lease seen, CancellationToken cancellationToken) =>
        UpdateAsync(
            seen,
            OwnedAsSeen(seen)
                .Set(LeaseAttributes.LeaseCounter, Counter(seen.Released()))
                .Remove(LeaseAttributes.LeaseOwner)
                .Remove(LeaseAttributes.CheckpointOwner),
            cancellationToken);

    public Task<bool> CheckpointAsync(Lease seen, ExtendedSequenceNumber checkpoint, IReadOnlyCollection<string>? childShardIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        // Fenced by the counter and owner as seen, and the handoff as seen: a take by anyone (a KCL 2.x take leaves
        // checkpointOwner in place) bumps the counter, so the handing-off owner cannot write into a stolen lease.
        var update = OwnedAsSeen(seen).WhereStringIs(LeaseAttributes.CheckpointOwner, seen.CheckpointOwner);
        if (!seen.IsHandoffPending)
        {
            // During a handoff the counter is the new owner's: the previous owner's checkpoint leaves it alone.
            update.Set(LeaseAttributes.LeaseCounter, Counter(seen.Checkpointed(checkpoint)));
        }

        update.Set(LeaseAttributes.Checkpoint, LeaseItemMapper.String(checkpoint.SequenceNumber))
            .Set(LeaseAttributes.CheckpointSubSequenceNumber, LeaseItemMapper.Number(checkpoint.SubSequenceNumber))
            .Set(LeaseAttributes.OwnerSwitchesSinceCheckpoint, LeaseItemMapper.Number(0))
            .Remove(LeaseAttributes.PendingCheckpoint)
            .Remove(LeaseAttributes.PendingCheckpointSubSequenceNumber)
            .Remove(LeaseAttributes.PendingCheckpointState);
        if (childShardIds is { Count: > 0 })
        {
            update.Set(LeaseAttributes.ChildShardIds, LeaseItemMapper.StringSet(childShardIds.Distinct(StringComparer.Ordinal)));
        }
        else if (childShardIds is not null)
        {
            update.Remove(LeaseAttributes.ChildShardIds);
        }

        return UpdateAsync(seen, update, cancellationToken);
    }

    public Task<bool> RequestHandoffAsync(Lease seen, string newOwner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newOwner);
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.LeaseOwner is null)
        {
            return Task.FromResult(false);
        }

        return UpdateAsync(
            seen,
            OwnedAsSeen(seen)
                .WhereAbsent(LeaseAttributes.CheckpointOwner)
                .Set(LeaseAttributes.LeaseOwner, LeaseItemMapper.String(newOwner))
                .Set(LeaseAttributes.CheckpointOwner, LeaseItemMapper.String(seen.LeaseOwner))
                .Set(LeaseAttributes.LeaseCounter, Counter(seen.HandoffRequestedTo(newOwner)))
                .Add(LeaseAttributes.OwnerSwitchesSinceCheckpoint, LeaseItemMapper.Number(1)),
            cancellationToken);
    }

    public Task<bool> CompleteHandoffAsync(Lease seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.CheckpointOwner is null)
        {
            return Task.FromResult(false);
        }

        return UpdateAsync(
            seen,
            new ConditionalUpdate()
                .WhereEquals(LeaseAttributes.CheckpointOwner, LeaseItemMapper.String(seen.CheckpointOwner))
                .WhereStringIs(LeaseAttributes.LeaseOwner, seen.LeaseOwner)
                .Remove(LeaseAttributes.CheckpointOwner),
            cancellationToken);
    }

    public Task<bool> DeleteAsync(Lease seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var condition = new ConditionalUpdate().WhereLease().WhereEquals(LeaseAttributes.LeaseCounter, LeaseItemMapper.Number(seen.LeaseCounter));
        return WhenConditionHolds(_client.DeleteItemAsync(condition.ToDeleteRequest(TableName, seen.LeaseKey), cancellationToken));
    }

    /// <summary>The fencing condition: counter and owner exactly as last seen (no owner: none now either).</summary>
    private static ConditionalUpdate OwnedAsSeen(Lease seen, ConditionalUpdate? update = null)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return (update ?? new ConditionalUpdate())
            .WhereEquals(LeaseAttributes.LeaseCounter, LeaseItemMapper.Number(seen.LeaseCounter))
            .WhereStringIs(LeaseAttributes.LeaseOwner, seen.LeaseOwner);
    }

    private static AttributeValue Counter(Lease after) => LeaseItemMapper.Number(after.LeaseCounter);

    private static async Task<bool> WhenConditionHolds<T>(Task<T> write)
    {
        try
        {
            await write;
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private Task<bool> UpdateAsync(Lease seen, ConditionalUpdate update, CancellationToken cancellationToken) =>
        WhenConditionHolds(_client.UpdateItemAsync(update.WhereLease().ToUpdateRequest(TableName, seen.LeaseKey), cancellationToken));

    /// <summary>Reads the table page by page until <paramref name="page"/> returns false or it ends.</summary>
    private async Task ScanPagesAsync(bool consistent, Func<List<Dictionary<string, AttributeValue>>, bool> page, CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await _client.ScanAsync(
                new ScanRequest { TableName = TableName, ConsistentRead = consistent, ExclusiveStartKey = startKey },
                cancellationToken);
            if (!page(response.Items ?? []))
            {
                return;
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);
    }

    /// <summary>A KCL multi-stream table, or one KCL workers use now, is refused with one line (<see cref="KclTableCheck"/>).</summary>
    private async Task RefuseKclTableAsync(CancellationToken cancellationToken)
    {
        string? refusal = null;
        await ScanPagesAsync(consistent: true, items => (refusal = KclTableCheck.Refusal(items, TableName, _time.GetUtcNow())) is null, cancellationToken);
        if (refusal is not null)
        {
            throw new LeaseTableException(refusal);
        }
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, cancellationToken)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<TableDescription> CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = TableName,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = OwnerIndexAttributes(),
                    KeySchema = [new KeySchemaElement(LeaseAttributes.LeaseKey, KeyType.HASH)],
                    GlobalSecondaryIndexes = [OwnerIndexAtCreation()],
                },
                cancellationToken);
            LogTableCreated(TableName);
            return response.TableDescription;
        }
        catch (ResourceInUseException)
        {
            // Another worker created it first: use theirs.
            return await DescribeAsync(cancellationToken)
                ?? throw new LeaseTableException($"Lease table '{TableName}' was reported in use but cannot be described.");
        }
    }

    private void CheckKeySchema(TableDescription table)
    {
        var keys = table.KeySchema ?? [];
        var hash = keys.FirstOrDefault(key => key.KeyType == KeyType.HASH);
        var type = table.AttributeDefinitions?.FirstOrDefault(definition => definition.AttributeName == hash?.AttributeName)?.AttributeType;
        if (keys.Count != 1 || hash?.AttributeName != LeaseAttributes.LeaseKey || type != ScalarAttributeType.S)
        {
            var found = string.Join(", ", keys.Select(key => $"{key.AttributeName} ({key.KeyType})"));
            throw new LeaseTableException(
                $"Table '{TableName}' is not a lease table: its key is [{found}], expected only hash key '{LeaseAttributes.LeaseKey}' of type S.");
        }
    }

    private async Task<TableDescription> WaitUntilActiveAsync(TableDescription table, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (table.TableStatus != TableStatus.ACTIVE)
        {
            if (_time.GetElapsedTime(started) > _options.CreateTimeout)
            {
                throw new LeaseTableException($"Lease table '{TableName}' is still {table.TableStatus} after {_options.CreateTimeout}.");
            }

            await Task.Delay(ActivePollInterval, _time, cancellationToken);
            table = await DescribeAsync(cancellationToken)
                ?? throw new LeaseTableException($"Lease table '{TableName}' disappeared while waiting for it to become active.");
        }

        return table;
    }

    [LoggerMessage(901, LogLevel.Information, "Created lease table {TableName} (on-demand capacity, hash key leaseKey, index LeaseOwnerToLeaseKeyIndex)")]
    private partial void LogTableCreated(string tableName);
}
