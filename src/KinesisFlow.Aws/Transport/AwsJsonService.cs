namespace KinesisFlow.Aws;

/// <summary>
/// Identity of an AWS JSON-protocol (application/x-amz-json-1.1) service: the SigV4 signing name, the endpoint
/// host prefix and the X-Amz-Target prefix, e.g. ("kinesis", "kinesis", "Kinesis_20131202").
/// </summary>
public sealed record AwsJsonService(string SigningName, string EndpointPrefix, string TargetPrefix)
{
    public static AwsJsonService Kinesis { get; } = new("kinesis", "kinesis", "Kinesis_20131202");

    public static AwsJsonService CloudWatchLogs { get; } = new("logs", "logs", "Logs_20140328");

    public static AwsJsonService Organizations { get; } = new("organizations", "organizations", "AWSOrganizationsV20161128");
}
