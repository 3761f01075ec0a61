namespace KinesisFlow.Aws;

/// <summary>
/// Every CloudWatch Logs operation <see cref="CloudWatchLogsClient"/> calls, by its API name. The IAM action of each is
/// "logs:" + the name, so the policies KinesisFlow needs are derived from these lists rather than written by hand.
/// </summary>
public static class CloudWatchLogsOperations
{
    public const string DescribeLogGroups = nameof(DescribeLogGroups);
    public const string CreateLogGroup = nameof(CreateLogGroup);
    public const string PutSubscriptionFilter = nameof(PutSubscriptionFilter);
    public const string DescribeSubscriptionFilters = nameof(DescribeSubscriptionFilters);
    public const string DeleteSubscriptionFilter = nameof(DeleteSubscriptionFilter);
    public const string PutAccountPolicy = nameof(PutAccountPolicy);
    public const string DescribeAccountPolicies = nameof(DescribeAccountPolicies);
    public const string DeleteAccountPolicy = nameof(DeleteAccountPolicy);
    public const string PutDestination = nameof(PutDestination);
    public const string PutDestinationPolicy = nameof(PutDestinationPolicy);
    public const string DescribeDestinations = nameof(DescribeDestinations);
    public const string DeleteDestination = nameof(DeleteDestination);

    /// <summary>What `subscribe` / `unsubscribe` call for per-log-group subscription filters.</summary>
    public static IReadOnlyList<string> LogGroupSubscriptions { get; } =
        [DescribeLogGroups, PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter];

    /// <summary>What an account-level subscription filter policy needs.</summary>
    public static IReadOnlyList<string> AccountSubscriptions { get; } =
        [PutAccountPolicy, DescribeAccountPolicies, DeleteAccountPolicy];

    /// <summary>What `destination create|show|delete` calls in the central account.</summary>
    public static IReadOnlyList<string> Destinations { get; } =
        [PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination];

    /// <summary>What a member account must allow on a destination (its access policy) for subscriptions to it.</summary>
    public static IReadOnlyList<string> DestinationSubscriber { get; } = [PutSubscriptionFilter, PutAccountPolicy];

    /// <summary>Every operation the client calls.</summary>
    public static IReadOnlyList<string> All { get; } =
        [DescribeLogGroups, CreateLogGroup, PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter,
         PutAccountPolicy, DescribeAccountPolicies, DeleteAccountPolicy,
         PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination];

    /// <summary>The IAM action of an operation, e.g. "logs:PutSubscriptionFilter".</summary>
    public static string IamAction(string operation) => "logs:" + operation;
}
