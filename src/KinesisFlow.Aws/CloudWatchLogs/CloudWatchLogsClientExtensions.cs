namespace KinesisFlow.Aws;

/// <summary>Every page of the CloudWatch Logs listing calls, following nextToken to the end.</summary>
public static class CloudWatchLogsClientExtensions
{
    /// <summary>Every log group matching <paramref name="namePrefix"/> or <paramref name="namePattern"/> (or all, with neither).</summary>
    public static Task<IReadOnlyList<LogGroup>> DescribeAllLogGroupsAsync(
        this ICloudWatchLogsClient client, string? namePrefix, string? namePattern, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AwsPages.CollectAsync(
            token => client.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(namePrefix, namePattern, NextToken: token), cancellationToken),
            static page => (page.LogGroups, page.NextToken),
            cancellationToken);
    }

    /// <summary>Every subscription filter of a log group.</summary>
    public static Task<IReadOnlyList<SubscriptionFilter>> DescribeAllSubscriptionFiltersAsync(
        this ICloudWatchLogsClient client, string logGroupName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AwsPages.CollectAsync(
            token => client.DescribeSubscriptionFiltersAsync(new DescribeSubscriptionFiltersRequest(logGroupName, NextToken: token), cancellationToken),
            static page => (page.SubscriptionFilters, page.NextToken),
            cancellationToken);
    }

    /// <summary>Every account-level policy of <paramref name="policyType"/>.</summary>
    public static Task<IReadOnlyList<AccountPolicy>> DescribeAllAccountPoliciesAsync(
        this ICloudWatchLogsClient client, string policyType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AwsPages.CollectAsync(
            token => client.DescribeAccountPoliciesAsync(new DescribeAccountPoliciesRequest(policyType, NextToken: token), cancellationToken),
            static page => (page.AccountPolicies, page.NextToken),
            cancellationToken);
    }

    /// <summary>The destination named exactly <paramref name="destinationName"/>, or null.</summary>
    public static async Task<Destination?> FindDestinationAsync(this ICloudWatchLogsClient client, string destinationName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var candidates = await AwsPages.CollectAsync(
            token => client.DescribeDestinationsAsync(new DescribeDestinationsRequest(destinationName, NextToken: token), cancellationToken),
            static page => (page.Destinations, page.NextToken),
            cancellationToken);
        return candidates.FirstOrDefault(d => d.DestinationName == destinationName);
    }
}
