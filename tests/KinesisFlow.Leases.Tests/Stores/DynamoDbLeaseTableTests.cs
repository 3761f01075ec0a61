using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests.Stores;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbLeaseTableTests(DynaliteFixture dynalite) : IDisposable
{
    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_missing_table_is_a_start_up_error_naming_the_table_and_the_setting()
    {
        var name = EmulatorFixture.UniqueName("missing");
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = name });

        var error = await Assert.ThrowsAsync<LeaseTableException>(() => store.EnsureReadyAsync(CancellationToken.None));

        Assert.Contains(name, error.Message);
        Assert.Contains("KinesisFlow:Leases:CreateTable", error.Message);
    }

    [Fact]
    public async Task A_table_created_on_demand_is_on_demand_capacity_keyed_by_lease_key()
    {
        var name = EmulatorFixture.UniqueName("created");
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = name, CreateIfMissing = true });

        await store.EnsureReadyAsync(CancellationToken.None);
        await store.EnsureReadyAsync(CancellationToken.None);

        var table = (await _client.DescribeTableAsync(name)).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
        var key = Assert.Single(table.KeySchema);
        Assert.Equal(("leaseKey", KeyType.HASH), (key.AttributeName, key.KeyType));
    }

    [Fact]
    public async Task A_lease_table_without_the_owner_index_still_works_and_its_owner_reads_fall_back_to_scans()
    {
        // (dynalite accepts UpdateTable's GlobalSecondaryIndexUpdates.Create but ignores it, so the index never appears
        // here: what this shows is that a table without it, e.g. where dynamodb:UpdateTable is not allowed, still works.)
        var name = EmulatorFixture.UniqueName("noindex");
        await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("leaseKey", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("leaseKey", KeyType.HASH)],
        });
        await TestKit.Eventually.WaitUntilAsync(
            async ct => (await _client.DescribeTableAsync(name, ct)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), "the table active");
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = name });

        await store.EnsureReadyAsync(CancellationToken.None);
        await store.HeartbeatAsync("worker-a", null, CancellationToken.None);

        Assert.Null(await store.ListOwnedKeysAsync("worker-a", CancellationToken.None));
        Assert.Single((await store.ScanAsync(CancellationToken.None)).Heartbeats);
    }

    [Fact]
    public async Task A_table_created_by_KinesisFlow_has_the_owner_index_from_the_start()
    {
        var name = EmulatorFixture.UniqueName("withindex");
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = name, CreateIfMissing = true });

        await store.EnsureReadyAsync(CancellationToken.None);

        var index = AssertKcl3OwnerIndex((await _client.DescribeTableAsync(name)).Table);
        Assert.Equal(IndexStatus.ACTIVE, index.IndexStatus);
        Assert.Equal([], await store.ListOwnedKeysAsync("worker-a", CancellationToken.None));
    }

    /// <summary>KCL 3.x's index: its name, (leaseOwner HASH, leaseKey RANGE), both S, keys only.</summary>
    private static GlobalSecondaryIndexDescription AssertKcl3OwnerIndex(TableDescription table)
    {
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("LeaseOwnerToLeaseKeyIndex", index.IndexName);
        Assert.Equal([("leaseOwner", KeyType.HASH), ("leaseKey", KeyType.RANGE)], index.KeySchema.Select(key => (key.AttributeName, key.KeyType)));
        Assert.Equal(ProjectionType.KEYS_ONLY, index.Projection.ProjectionType);
        Assert.Equal(ScalarAttributeType.S, table.AttributeDefinitions.Single(definition => definition.AttributeName == "leaseOwner").AttributeType);
        return index;
    }

    [Fact]
    public async Task A_table_with_another_key_is_refused()
    {
        var name = EmulatorFixture.UniqueName("wrongkey");
        await _client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = name, CreateIfMissing = true });

        var error = await Assert.ThrowsAsync<LeaseTableException>(() => store.EnsureReadyAsync(CancellationToken.None));

        Assert.Contains("id (HASH)", error.Message);
    }

    [Fact]
    public async Task Faults_other_than_a_lost_condition_are_exceptions()
    {
        var store = new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = EmulatorFixture.UniqueName("gone") });

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.ListAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => store.RenewAsync(Coordination.Leases.Lease.Create("shardId-000000000000", Coordination.Leases.ExtendedSequenceNumber.TrimHorizon), CancellationToken.None));
    }

    [Fact]
    public void A_bad_table_name_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new DynamoDbLeaseStore(_client, new DynamoDbLeaseTableOptions { TableName = "no spaces" }));

        Assert.Contains("Lease table name 'no spaces'", error.Message);
    }
}
