using Amazon.Runtime;

namespace KinesisFlow.Aws;

/// <summary>
/// Builds every AWS SDK client KinesisFlow uses (EC2, STS, DynamoDB) from <see cref="AwsClientOptions"/>, the same
/// options and the same two resolvers as its own JSON clients (<see cref="AwsJsonClient"/>): credentials from
/// <see cref="AwsCredentialsFactory"/> (explicit keys, --profile, the standard chain), the endpoint and signing region
/// from <see cref="AwsEndpointResolver"/> (an endpoint override, or the region's with FIPS / dual-stack), and the
/// attempt timeout and retries of the options.
/// </summary>
public static class AwsSdkClientFactory
{
    /// <param name="endpointPrefix">The service's endpoint prefix: "ec2", "sts", "dynamodb".</param>
    /// <param name="options">The region or endpoint, credentials, timeout and retries.</param>
    /// <param name="construct">The SDK client's constructor, e.g. <c>(credentials, config) =&gt; new AmazonEC2Client(credentials, config)</c>.</param>
    public static TClient Create<TClient, TConfig>(string endpointPrefix, AwsClientOptions options, Func<AWSCredentials, TConfig, TClient> construct)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(construct);
        return construct(AwsCredentialsFactory.Create(options), Config<TConfig>(endpointPrefix, options));
    }

    private static TConfig Config<TConfig>(string endpointPrefix, AwsClientOptions options)
        where TConfig : ClientConfig, new()
    {
        options.ThrowIfInvalid();
        var endpoint = AwsEndpointResolver.Resolve(endpointPrefix, options);
        return new TConfig
        {
            ServiceURL = endpoint.Url.ToString(),
            AuthenticationRegion = endpoint.SigningRegion.SystemName,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxAttempts - 1,
        };
    }
}
