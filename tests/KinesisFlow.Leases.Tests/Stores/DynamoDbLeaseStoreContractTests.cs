using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests.Stores;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbLeaseStoreContractTests(DynaliteFixture dynalite) : LeaseStoreContract, IDisposable
{
    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    protected override async Task<ILeaseStore> NewStoreAsync() => await DynaliteTables.NewStoreAsync(_client);

    protected override Task PutItemAsync(ILeaseStore store, Dictionary<string, AttributeValue> item) =>
        _client.PutItemAsync(new PutItemRequest { TableName = ((DynamoDbLeaseStore)store).TableName, Item = item });
}
