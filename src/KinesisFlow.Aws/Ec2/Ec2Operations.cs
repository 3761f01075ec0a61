namespace KinesisFlow.Aws.Ec2;

/// <summary>
/// Every EC2 operation KinesisFlow calls, by its API name (IAM action "ec2:" + the name). Only flow log format
/// discovery uses EC2, and only when asked (FlowLogs:DiscoverFormats, <c>kinesisflow subscribe --discover-formats</c>).
/// </summary>
public static class Ec2Operations
{
    public const string DescribeFlowLogs = nameof(DescribeFlowLogs);
}
