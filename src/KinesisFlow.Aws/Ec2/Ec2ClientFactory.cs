using Amazon.EC2;

namespace KinesisFlow.Aws.Ec2;

/// <summary>An EC2 client (AWSSDK.EC2, the EC2 query protocol) from KinesisFlow's AWS settings: region or endpoint, credentials, timeout, retries.</summary>
public static class Ec2ClientFactory
{
    public static IAmazonEC2 Create(AwsClientOptions options) =>
        new AmazonEC2Client(AwsCredentialsFactory.Create(options), AwsSdkClientConfig.From<AmazonEC2Config>("ec2", options));
}
