using Amazon.Runtime;

namespace KinesisFlow.Aws;

/// <summary>Applies KinesisFlow's AWS settings (endpoint and signing region, timeout, retries) to an AWS SDK client's config.</summary>
public static class AwsSdkClientConfig
{
    public static TConfig From<TConfig>(string endpointPrefix, AwsClientOptions options)
        where TConfig : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(options);
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
