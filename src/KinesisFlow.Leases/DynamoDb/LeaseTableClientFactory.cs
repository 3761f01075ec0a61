using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// Builds the DynamoDB client for the lease table. With an endpoint URL (dynalite, DynamoDB Local, a VPC endpoint)
/// the SDK cannot infer the signing region from the host, so it is set explicitly.
/// </summary>
public static class LeaseTableClientFactory
{
    /// <param name="region">The AWS region (also the signing region with an endpoint URL).</param>
    /// <param name="serviceUrl">An endpoint URL, or null for the region's public endpoint.</param>
    /// <param name="credentials">Explicit credentials, or null for the SDK's default chain.</param>
    public static AmazonDynamoDBClient Create(string region, Uri? serviceUrl = null, AWSCredentials? credentials = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var config = new AmazonDynamoDBConfig();
        if (serviceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region;
        }

        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }
}
