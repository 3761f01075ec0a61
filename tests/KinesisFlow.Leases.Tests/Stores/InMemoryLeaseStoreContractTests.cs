using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit.Fakes;

namespace KinesisFlow.Leases.Tests.Stores;

public sealed class InMemoryLeaseStoreContractTests : LeaseStoreContract
{
    protected override Task<ILeaseStore> NewStoreAsync() => Task.FromResult<ILeaseStore>(new InMemoryLeaseStore());

    protected override Task PutItemAsync(ILeaseStore store, Dictionary<string, AttributeValue> item)
    {
        var memory = (InMemoryLeaseStore)store;
        if (LeaseItemMapper.FromItemIfLease(item) is { } lease)
        {
            memory.Put(lease);
        }
        else
        {
            memory.PutNonLeaseItem(item[LeaseAttributes.LeaseKey].S);
        }

        return Task.CompletedTask;
    }
}
