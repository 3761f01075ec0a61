using Amazon.DynamoDBv2;
using Amazon.Runtime;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests;

/// <summary>Clients and fresh lease tables on the shared dynalite.</summary>
internal static class DynaliteTables
{
    public static AmazonDynamoDBClient Client(DynaliteFixture dynalite) =>
        LeaseTableClientFactory.Create(
            EmulatorCredentials.Region,
            dynalite.Endpoint,
            new BasicAWSCredentials(EmulatorCredentials.AccessKeyId, EmulatorCredentials.SecretAccessKey));

    /// <summary>A store over a new, empty, ready table of its own.</summary>
    public static async Task<DynamoDbLeaseStore> NewStoreAsync(IAmazonDynamoDB client)
    {
        var store = new DynamoDbLeaseStore(client, new DynamoDbLeaseTableOptions { TableName = EmulatorFixture.UniqueName("leases"), CreateIfMissing = true });
        await store.EnsureReadyAsync(CancellationToken.None);
        return store;
    }
}
