using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.Tests.Stores;

public sealed class InMemoryLeaseStoreContractTests : LeaseStoreContract
{
    protected override Task<ILeaseStore> NewStoreAsync() => Task.FromResult<ILeaseStore>(new InMemoryLeaseStore());
}
