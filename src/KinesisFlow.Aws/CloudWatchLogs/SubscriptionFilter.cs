namespace KinesisFlow.Aws;

/// <summary>How CloudWatch Logs spreads a subscription's data over a Kinesis stream's shards.</summary>
public enum SubscriptionDistribution
{
    /// <summary>All events of one log stream go to one shard (the service's default).</summary>
    ByLogStream,

    /// <summary>Events are spread evenly over the shards.</summary>
    Random,
}

/// <summary>A subscription filter of a log group.</summary>
public sealed record SubscriptionFilter(
    string FilterName,
    string LogGroupName,
    string FilterPattern,
    string DestinationArn,
    string? RoleArn,
    SubscriptionDistribution? Distribution,
    DateTimeOffset? CreationTime);

/// <summary>Creates or replaces the subscription filter <paramref name="FilterName"/> of a log group.</summary>
/// <param name="LogGroupName">The log group.</param>
/// <param name="FilterName">The filter's name (at most 2 filters per log group).</param>
/// <param name="FilterPattern">The filter pattern; "" sends every event.</param>
/// <param name="DestinationArn">The Kinesis stream (or other destination) ARN.</param>
/// <param name="RoleArn">The role CloudWatch Logs assumes to write to the stream (the caller needs iam:PassRole on it).</param>
/// <param name="Distribution">Null leaves the service's default (ByLogStream).</param>
public sealed record PutSubscriptionFilterRequest(
    string LogGroupName,
    string FilterName,
    string FilterPattern,
    string DestinationArn,
    string? RoleArn = null,
    SubscriptionDistribution? Distribution = null);

/// <summary>One page of DescribeSubscriptionFilters.</summary>
public sealed record DescribeSubscriptionFiltersRequest(string LogGroupName, string? FilterNamePrefix = null, int? Limit = null, string? NextToken = null);

public sealed record DescribeSubscriptionFiltersResponse(IReadOnlyList<SubscriptionFilter> SubscriptionFilters, string? NextToken);
