using Amazon.EC2;

namespace KinesisFlow.Aws.Ec2;

/// <summary>An EC2 client (AWSSDK.EC2, the EC2 query protocol) from KinesisFlow's AWS settings: region or endpoint, credentials, timeout, retries.</summary>
public static class Ec2ClientFactory
{
    public static IAmazonEC2 Create(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var endpoint = AwsEndpointResolver.Resolve("ec2", options);
        var config = new AmazonEC2Config
        {
            ServiceURL = endpoint.Url.ToString(),
            AuthenticationRegion = endpoint.SigningRegion.SystemName,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxAttempts - 1,
        };
        return new AmazonEC2Client(AwsCredentialsFactory.Create(options), config);
    }
}
