using Amazon.DynamoDBv2;
using KinesisFlow.Aws;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit;

namespace KinesisFlow.Leases.Tests;

/// <summary>Clients and fresh lease tables on the shared dynalite.</summary>
internal static class DynaliteTables
{
    public static AmazonDynamoDBClient Client(DynaliteFixture dynalite) =>
        LeaseTableClientFactory.Create(new AwsClientOptions
        {
            Region = EmulatorCredentials.Region,
            ServiceUrl = dynalite.Endpoint,
            AccessKeyId = EmulatorCredentials.AccessKeyId,
            SecretAccessKey = EmulatorCredentials.SecretAccessKey,
            Timeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>A store over a new, empty, ready table of its own.</summary>
    public static async Task<DynamoDbLeaseStore> NewStoreAsync(IAmazonDynamoDB client)
    {
        var store = new DynamoDbLeaseStore(client, new DynamoDbLeaseTableOptions { TableName = EmulatorFixture.UniqueName("leases"), CreateIfMissing = true });
        await store.EnsureReadyAsync(CancellationToken.None);
        return store;
    }
}
