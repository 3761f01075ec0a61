namespace KinesisFlow.Aws;

/// <summary>A log group as DescribeLogGroups reports it.</summary>
/// <param name="LogGroupName">The name, e.g. "/vpc/flow-logs".</param>
/// <param name="Arn">The log group's ARN without the trailing ":*" (what a resource policy or IAM statement names).</param>
/// <param name="CreationTime">When it was created.</param>
/// <param name="RetentionInDays">Retention; null means never expire.</param>
/// <param name="StoredBytes">Bytes stored (reported by AWS with a delay).</param>
/// <param name="LogGroupClass">STANDARD, INFREQUENT_ACCESS or DELIVERY (null when not reported).</param>
/// <param name="KmsKeyId">The KMS key encrypting it, if any.</param>
public sealed record LogGroup(
    string LogGroupName,
    string? Arn,
    DateTimeOffset? CreationTime,
    int? RetentionInDays,
    long? StoredBytes,
    string? LogGroupClass,
    string? KmsKeyId);

/// <summary>
/// One page of DescribeLogGroups. Give at most one of <paramref name="NamePrefix"/> (case-sensitive prefix) and
/// <paramref name="NamePattern"/> (case-insensitive substring); the service refuses both at once.
/// </summary>
/// <param name="NamePrefix">logGroupNamePrefix.</param>
/// <param name="NamePattern">logGroupNamePattern.</param>
/// <param name="Limit">Page size, 1 to 50 (service default 50).</param>
/// <param name="NextToken">The previous page's token; sent together with the same filter.</param>
public sealed record DescribeLogGroupsRequest(string? NamePrefix = null, string? NamePattern = null, int? Limit = null, string? NextToken = null);

public sealed record DescribeLogGroupsResponse(IReadOnlyList<LogGroup> LogGroups, string? NextToken);
