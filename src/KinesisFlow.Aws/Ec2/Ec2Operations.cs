namespace KinesisFlow.Aws.Ec2;

/// <summary>
/// Every EC2 operation KinesisFlow calls, by its API name (IAM action "ec2:" + the name). Flow log format
/// discovery (FlowLogs:DiscoverFormats, <c>kinesisflow subscribe --discover-formats</c>) and <c>kinesisflow flow-logs ensure</c>.
/// </summary>
public static class Ec2Operations
{
    public const string DescribeFlowLogs = nameof(DescribeFlowLogs);

    /// <summary>`kinesisflow flow-logs ensure`: the VPCs of an account and region.</summary>
    public const string DescribeVpcs = nameof(DescribeVpcs);

    /// <summary>`kinesisflow flow-logs ensure`: a flow log for a VPC that has none into CloudWatch Logs.</summary>
    public const string CreateFlowLogs = nameof(CreateFlowLogs);
}
