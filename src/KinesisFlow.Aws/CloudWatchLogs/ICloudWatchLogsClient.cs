namespace KinesisFlow.Aws;

/// <summary>
/// The CloudWatch Logs calls KinesisFlow makes: finding log groups and (un)subscribing them, per log group or
/// account-wide, to a Kinesis stream. Errors surface as <see cref="AwsServiceException"/> with the service's error
/// name (ResourceNotFoundException, LimitExceededException, InvalidParameterException, OperationAbortedException...).
/// Paging over every page: <see cref="CloudWatchLogsClientExtensions"/>.
/// </summary>
public interface ICloudWatchLogsClient
{
    /// <summary>One page of log groups.</summary>
    /// <exception cref="ArgumentException">Both a name prefix and a name pattern were given.</exception>
    Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken);

    /// <summary>Creates a log group (tests and demos; production log groups belong to their owners).</summary>
    Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a subscription filter.</summary>
    Task PutSubscriptionFilterAsync(PutSubscriptionFilterRequest request, CancellationToken cancellationToken);

    /// <summary>One page of a log group's subscription filters.</summary>
    Task<DescribeSubscriptionFiltersResponse> DescribeSubscriptionFiltersAsync(DescribeSubscriptionFiltersRequest request, CancellationToken cancellationToken);

    Task DeleteSubscriptionFilterAsync(string logGroupName, string filterName, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an account-level policy; returns it as the service stored it (null if not reported).</summary>
    Task<AccountPolicy?> PutAccountPolicyAsync(PutAccountPolicyRequest request, CancellationToken cancellationToken);

    /// <summary>One page of the account's policies of one type.</summary>
    Task<DescribeAccountPoliciesResponse> DescribeAccountPoliciesAsync(DescribeAccountPoliciesRequest request, CancellationToken cancellationToken);

    Task DeleteAccountPolicyAsync(string policyName, string policyType, CancellationToken cancellationToken);

    /// <summary>Creates a destination or updates its target and role; returns it as the service stored it.</summary>
    Task<Destination?> PutDestinationAsync(PutDestinationRequest request, CancellationToken cancellationToken);

    /// <summary>Replaces a destination's access policy (who may subscribe to it).</summary>
    Task PutDestinationPolicyAsync(string destinationName, string accessPolicy, CancellationToken cancellationToken);

    /// <summary>One page of the account's destinations in this region.</summary>
    Task<DescribeDestinationsResponse> DescribeDestinationsAsync(DescribeDestinationsRequest request, CancellationToken cancellationToken);

    Task DeleteDestinationAsync(string destinationName, CancellationToken cancellationToken);
}
