using Amazon.EC2;

namespace KinesisFlow.Aws.Ec2;

/// <summary>The EC2 client (AWSSDK.EC2, the EC2 query protocol) of KinesisFlow's EC2 callers, through <see cref="AwsSdkClientFactory"/>.</summary>
internal static class Ec2Client
{
    public static IAmazonEC2 Create(AwsClientOptions options) =>
        AwsSdkClientFactory.Create<AmazonEC2Client, AmazonEC2Config>("ec2", options, static (credentials, config) => new AmazonEC2Client(credentials, config));
}
