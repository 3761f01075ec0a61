namespace KinesisFlow.Aws;

/// <summary>
/// CloudWatch Logs over its JSON protocol (X-Amz-Target: Logs_20140328.*), signed with SigV4 for "logs" by the shared
/// <see cref="AwsJsonClient"/> transport. LimitExceededException here is a quota (e.g. two subscription filters per
/// log group), never a rate, so it fails fast; ThrottlingException is retried by the transport.
/// </summary>
public sealed class CloudWatchLogsClient : ICloudWatchLogsClient, IDisposable
{
    private static readonly AwsOperation DescribeLogGroupsOp = new(CloudWatchLogsOperations.DescribeLogGroups);
    private static readonly AwsOperation CreateLogGroupOp = new(CloudWatchLogsOperations.CreateLogGroup);
    private static readonly AwsOperation PutSubscriptionFilterOp = new(CloudWatchLogsOperations.PutSubscriptionFilter);
    private static readonly AwsOperation DescribeSubscriptionFiltersOp = new(CloudWatchLogsOperations.DescribeSubscriptionFilters);
    private static readonly AwsOperation DeleteSubscriptionFilterOp = new(CloudWatchLogsOperations.DeleteSubscriptionFilter);
    private static readonly AwsOperation PutAccountPolicyOp = new(CloudWatchLogsOperations.PutAccountPolicy);
    private static readonly AwsOperation DescribeAccountPoliciesOp = new(CloudWatchLogsOperations.DescribeAccountPolicies);
    private static readonly AwsOperation DeleteAccountPolicyOp = new(CloudWatchLogsOperations.DeleteAccountPolicy);

    private static readonly AwsOperation PutDestinationOp = new(CloudWatchLogsOperations.PutDestination);
    private static readonly AwsOperation PutDestinationPolicyOp = new(CloudWatchLogsOperations.PutDestinationPolicy);
    private static readonly AwsOperation DescribeDestinationsOp = new(CloudWatchLogsOperations.DescribeDestinations);
    private static readonly AwsOperation DeleteDestinationOp = new(CloudWatchLogsOperations.DeleteDestination);

    private readonly AwsJsonClient _transport;

    public CloudWatchLogsClient(AwsClientOptions options, TimeProvider? timeProvider = null)
        : this(new AwsJsonClient(AwsJsonService.CloudWatchLogs, options, timeProvider))
    {
    }

    /// <summary>Uses a transport built by the caller (a custom retry policy); the client then owns it.</summary>
    public CloudWatchLogsClient(AwsJsonClient transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    public Uri Endpoint => _transport.Endpoint.Url;

    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NamePrefix is not null && request.NamePattern is not null)
        {
            throw new ArgumentException("Give a log group name prefix or a name pattern, not both: the service accepts only one.", nameof(request));
        }

        return _transport.InvokeAsync(
            DescribeLogGroupsOp, request, CloudWatchLogsJson.WriteDescribeLogGroups, CloudWatchLogsJson.ReadDescribeLogGroups, cancellationToken);
    }

    public Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(CreateLogGroupOp, logGroupName, CloudWatchLogsJson.WriteCreateLogGroup, cancellationToken);

    public Task PutSubscriptionFilterAsync(PutSubscriptionFilterRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(PutSubscriptionFilterOp, request, CloudWatchLogsJson.WritePutSubscriptionFilter, cancellationToken);

    public Task<DescribeSubscriptionFiltersResponse> DescribeSubscriptionFiltersAsync(
        DescribeSubscriptionFiltersRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            DescribeSubscriptionFiltersOp,
            request,
            CloudWatchLogsJson.WriteDescribeSubscriptionFilters,
            CloudWatchLogsJson.ReadDescribeSubscriptionFilters,
            cancellationToken);

    public Task DeleteSubscriptionFilterAsync(string logGroupName, string filterName, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            DeleteSubscriptionFilterOp, (logGroupName, filterName), CloudWatchLogsJson.WriteDeleteSubscriptionFilter, cancellationToken);

    public Task<AccountPolicy?> PutAccountPolicyAsync(PutAccountPolicyRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            PutAccountPolicyOp, request, CloudWatchLogsJson.WritePutAccountPolicy, CloudWatchLogsJson.ReadPutAccountPolicy, cancellationToken);

    public Task<DescribeAccountPoliciesResponse> DescribeAccountPoliciesAsync(
        DescribeAccountPoliciesRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            DescribeAccountPoliciesOp,
            request,
            CloudWatchLogsJson.WriteDescribeAccountPolicies,
            CloudWatchLogsJson.ReadDescribeAccountPolicies,
            cancellationToken);

    public Task DeleteAccountPolicyAsync(string policyName, string policyType, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            DeleteAccountPolicyOp, (policyName, policyType), CloudWatchLogsJson.WriteDeleteAccountPolicy, cancellationToken);

    public Task<Destination?> PutDestinationAsync(PutDestinationRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(PutDestinationOp, request, CloudWatchLogsJson.WritePutDestination, CloudWatchLogsJson.ReadPutDestination, cancellationToken);

    public Task PutDestinationPolicyAsync(string destinationName, string accessPolicy, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(PutDestinationPolicyOp, (destinationName, accessPolicy), CloudWatchLogsJson.WritePutDestinationPolicy, cancellationToken);

    public Task<DescribeDestinationsResponse> DescribeDestinationsAsync(DescribeDestinationsRequest request, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(
            DescribeDestinationsOp, request, CloudWatchLogsJson.WriteDescribeDestinations, CloudWatchLogsJson.ReadDescribeDestinations, cancellationToken);

    public Task DeleteDestinationAsync(string destinationName, CancellationToken cancellationToken) =>
        _transport.InvokeAsync(DeleteDestinationOp, destinationName, CloudWatchLogsJson.WriteDeleteDestination, cancellationToken);

    public void Dispose() => _transport.Dispose();
}
