using Amazon.DynamoDBv2;
using KinesisFlow.Aws;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// The lease table's DynamoDB client, built like every other AWS client (<see cref="AwsSdkClientFactory"/>) from the
/// same <see cref="AwsClientOptions"/>: credentials, region (also the signing region of an endpoint URL such as dynalite,
/// DynamoDB Local or a VPC endpoint), FIPS / dual-stack, timeout and retries.
/// </summary>
public static class LeaseTableClientFactory
{
    public static AmazonDynamoDBClient Create(AwsClientOptions options) =>
        AwsSdkClientFactory.Create<AmazonDynamoDBClient, AmazonDynamoDBConfig>(
            "dynamodb", options, static (credentials, config) => new AmazonDynamoDBClient(credentials, config));
}
