using Amazon.DynamoDBv2;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests.Stores;

[Collection(DynaliteCollection.Name)]
public sealed class DynamoDbLeaseStoreContractTests(DynaliteFixture dynalite) : LeaseStoreContract, IDisposable
{
    private readonly AmazonDynamoDBClient _client = DynaliteTables.Client(dynalite);

    public void Dispose() => _client.Dispose();

    protected override async Task<ILeaseStore> NewStoreAsync() => await DynaliteTables.NewStoreAsync(_client);
}
