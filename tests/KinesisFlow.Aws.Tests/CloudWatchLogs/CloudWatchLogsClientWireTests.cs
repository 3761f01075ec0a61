using System.Text.Json;
using KinesisFlow.Aws.Tests.Transport;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Aws.Tests.CloudWatchLogs;

/// <summary>
/// The CloudWatch Logs client on the wire, against a local Kestrel endpoint that records each request, verifies its
/// SigV4 signature for "logs" and answers in the service's shapes (camelCase, epoch-millisecond timestamps).
/// </summary>
public sealed class CloudWatchLogsClientWireTests
{
    private const string StreamArn = "arn:aws:kinesis:eu-west-1:123456789012:stream/flows";
    private const string RoleArn = "arn:aws:iam::123456789012:role/CWLtoKinesis";

    [Fact]
    public async Task DescribeLogGroups_by_prefix_is_a_signed_call_and_reads_every_field()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => LocalAwsEndpoint.Json(context, 200, """
            {"logGroups":[
              {"logGroupName":"/vpc/flow-logs","creationTime":1700000000123,"retentionInDays":14,"metricFilterCount":0,
               "arn":"arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs:*","storedBytes":2048,
               "logGroupClass":"STANDARD","logGroupArn":"arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs"},
              {"logGroupName":"/vpc/tgw","creationTime":1700000000000,"arn":"arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/tgw:*","kmsKeyId":null}
            ],"nextToken":"page-2"}
            """));
        using var client = CreateClient(endpoint);

        var page = await client.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(NamePrefix: "/vpc/", Limit: 5), CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("Logs_20140328.DescribeLogGroups", request.Target);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal("POST", request.Method);
        Assert.Null(request.SignatureError);
        Assert.Equal("""{"logGroupNamePrefix":"/vpc/","limit":5}""", request.BodyText);
        Assert.Equal("page-2", page.NextToken);
        Assert.Equal(
            new LogGroup("/vpc/flow-logs", "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs",
                DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), 14, 2048, "STANDARD", null),
            page.LogGroups[0]);
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/tgw", page.LogGroups[1].Arn);
        Assert.Null(page.LogGroups[1].RetentionInDays);
    }

    [Fact]
    public async Task Listing_every_log_group_sends_the_pattern_again_with_each_next_token()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (n, context) => LocalAwsEndpoint.Json(context, 200, n switch
        {
            1 => """{"logGroups":[{"logGroupName":"/a/flow"}],"nextToken":"t2"}""",
            2 => """{"logGroups":[{"logGroupName":"/b/flow"}],"nextToken":"t3"}""",
            _ => """{"logGroups":[{"logGroupName":"/c/flow"}],"nextToken":null}""",
        }));
        using var client = CreateClient(endpoint);

        var groups = await client.DescribeAllLogGroupsAsync(namePrefix: null, namePattern: "flow", CancellationToken.None);

        Assert.Equal(["/a/flow", "/b/flow", "/c/flow"], groups.Select(g => g.LogGroupName));
        Assert.Equal(
            ["""{"logGroupNamePattern":"flow"}""", """{"logGroupNamePattern":"flow","nextToken":"t2"}""", """{"logGroupNamePattern":"flow","nextToken":"t3"}"""],
            endpoint.Requests.Select(r => r.BodyText));
    }

    [Fact]
    public async Task A_prefix_and_a_pattern_together_are_refused_before_any_call()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => LocalAwsEndpoint.Json(context, 200, "{}"));
        using var client = CreateClient(endpoint);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => client.DescribeLogGroupsAsync(new DescribeLogGroupsRequest("/vpc/", "flow"), CancellationToken.None));

        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task A_repeated_next_token_stops_paging_with_an_error()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) =>
            LocalAwsEndpoint.Json(context, 200, """{"logGroups":[],"nextToken":"same"}"""));
        using var client = CreateClient(endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => client.DescribeAllLogGroupsAsync(null, null, CancellationToken.None));

        Assert.Equal("InvalidResponse", error.ErrorCode);
        Assert.Equal(2, endpoint.Requests.Count);
    }

    [Theory]
    [InlineData(SubscriptionDistribution.Random, RoleArn,
        """{"logGroupName":"/vpc/flow-logs","filterName":"kinesisflow","filterPattern":"","destinationArn":"arn:aws:kinesis:eu-west-1:123456789012:stream/flows","roleArn":"arn:aws:iam::123456789012:role/CWLtoKinesis","distribution":"Random"}""")]
    [InlineData(null, null,
        """{"logGroupName":"/vpc/flow-logs","filterName":"kinesisflow","filterPattern":"","destinationArn":"arn:aws:kinesis:eu-west-1:123456789012:stream/flows"}""")]
    public async Task PutSubscriptionFilter_writes_the_filter_as_the_API_names_it(SubscriptionDistribution? distribution, string? roleArn, string expectedBody)
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => EmptySuccess(context));
        using var client = CreateClient(endpoint);

        await client.PutSubscriptionFilterAsync(
            new PutSubscriptionFilterRequest("/vpc/flow-logs", "kinesisflow", "", StreamArn, roleArn, distribution), CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("Logs_20140328.PutSubscriptionFilter", request.Target);
        Assert.Null(request.SignatureError);
        Assert.Equal(expectedBody, request.BodyText);
    }

    [Fact]
    public async Task Subscription_filters_are_listed_page_by_page_and_deleted_by_name()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (n, context) => LocalAwsEndpoint.Json(context, 200, n switch
        {
            1 => """{"subscriptionFilters":[{"filterName":"kinesisflow","logGroupName":"/vpc/flow-logs","filterPattern":"","destinationArn":"arn:aws:kinesis:eu-west-1:123456789012:stream/flows","roleArn":"arn:aws:iam::123456789012:role/CWLtoKinesis","distribution":"ByLogStream","creationTime":1700000000500}],"nextToken":"n2"}""",
            2 => """{"subscriptionFilters":[{"filterName":"other","logGroupName":"/vpc/flow-logs","filterPattern":"REJECT","destinationArn":"arn:aws:lambda:eu-west-1:123456789012:function:f"}]}""",
            _ => "{}",
        }));
        using var client = CreateClient(endpoint);

        var filters = await client.DescribeAllSubscriptionFiltersAsync("/vpc/flow-logs", CancellationToken.None);
        await client.DeleteSubscriptionFilterAsync("/vpc/flow-logs", "kinesisflow", CancellationToken.None);

        Assert.Equal(
            new SubscriptionFilter("kinesisflow", "/vpc/flow-logs", "", StreamArn, RoleArn, SubscriptionDistribution.ByLogStream,
                DateTimeOffset.FromUnixTimeMilliseconds(1700000000500)),
            filters[0]);
        Assert.Equal(new SubscriptionFilter("other", "/vpc/flow-logs", "REJECT", "arn:aws:lambda:eu-west-1:123456789012:function:f", null, null, null), filters[1]);
        Assert.Equal(
            ["""{"logGroupName":"/vpc/flow-logs"}""", """{"logGroupName":"/vpc/flow-logs","nextToken":"n2"}""", """{"logGroupName":"/vpc/flow-logs","filterName":"kinesisflow"}"""],
            endpoint.Requests.Select(r => r.BodyText));
        Assert.Equal(
            ["Logs_20140328.DescribeSubscriptionFilters", "Logs_20140328.DescribeSubscriptionFilters", "Logs_20140328.DeleteSubscriptionFilter"],
            endpoint.Requests.Select(r => r.Target));
        Assert.All(endpoint.Requests, r => Assert.Null(r.SignatureError));
    }

    [Fact]
    public async Task PutAccountPolicy_sends_a_subscription_filter_policy_that_excludes_log_groups()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => LocalAwsEndpoint.Json(context, 200, """
            {"accountPolicy":{"policyName":"kinesisflow","policyDocument":"{\"DestinationArn\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/flows\",\"RoleArn\":\"arn:aws:iam::123456789012:role/CWLtoKinesis\",\"FilterPattern\":\"\",\"Distribution\":\"Random\"}",
             "lastUpdatedTime":1700000001000,"policyType":"SUBSCRIPTION_FILTER_POLICY","scope":"ALL",
             "selectionCriteria":"LogGroupName NOT IN [\"/kinesisflow\"]","accountId":"123456789012"}}
            """));
        using var client = CreateClient(endpoint);
        var document = new SubscriptionFilterPolicyDocument(StreamArn, RoleArn, "", SubscriptionDistribution.Random);

        var stored = await client.PutAccountPolicyAsync(
            new PutAccountPolicyRequest("kinesisflow", document.ToJson(), SelectionCriteria: SelectionCriteria.LogGroupNameNotIn(["/kinesisflow"])),
            CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("Logs_20140328.PutAccountPolicy", request.Target);
        Assert.Null(request.SignatureError);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(["policyName", "policyDocument", "policyType", "scope", "selectionCriteria"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SUBSCRIPTION_FILTER_POLICY", root.GetProperty("policyType").GetString());
        Assert.Equal("ALL", root.GetProperty("scope").GetString());
        Assert.Equal("""LogGroupName NOT IN ["/kinesisflow"]""", root.GetProperty("selectionCriteria").GetString());
        Assert.Equal(document, SubscriptionFilterPolicyDocument.Parse(root.GetProperty("policyDocument").GetString()!));
        Assert.NotNull(stored);
        Assert.Equal(document, SubscriptionFilterPolicyDocument.Parse(stored.PolicyDocument));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000001000), stored.LastUpdatedTime);
        Assert.Equal("123456789012", stored.AccountId);
    }

    [Fact]
    public async Task Account_policies_are_described_by_type_and_deleted_by_name_and_type()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (n, context) => LocalAwsEndpoint.Json(context, 200, n switch
        {
            1 => """{"accountPolicies":[{"policyName":"kinesisflow","policyDocument":"{\"DestinationArn\":\"x\"}","policyType":"SUBSCRIPTION_FILTER_POLICY","scope":"ALL"}],"nextToken":""}""",
            _ => "{}",
        }));
        using var client = CreateClient(endpoint);

        var policies = await client.DescribeAllAccountPoliciesAsync(AccountPolicyTypes.SubscriptionFilter, CancellationToken.None);
        await client.DeleteAccountPolicyAsync("kinesisflow", AccountPolicyTypes.SubscriptionFilter, CancellationToken.None);

        var policy = Assert.Single(policies);
        Assert.Equal("kinesisflow", policy.PolicyName);
        Assert.Null(policy.SelectionCriteria);
        Assert.Equal(
            ["""{"policyType":"SUBSCRIPTION_FILTER_POLICY"}""", """{"policyName":"kinesisflow","policyType":"SUBSCRIPTION_FILTER_POLICY"}"""],
            endpoint.Requests.Select(r => r.BodyText));
        Assert.Equal(["Logs_20140328.DescribeAccountPolicies", "Logs_20140328.DeleteAccountPolicy"], endpoint.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task CreateLogGroup_sends_the_name()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => EmptySuccess(context));
        using var client = CreateClient(endpoint);

        await client.CreateLogGroupAsync("/vpc/flow-logs", CancellationToken.None);

        var request = Assert.Single(endpoint.Requests);
        Assert.Equal("Logs_20140328.CreateLogGroup", request.Target);
        Assert.Equal("""{"logGroupName":"/vpc/flow-logs"}""", request.BodyText);
        Assert.Null(request.SignatureError);
    }

    [Theory]
    [InlineData("ResourceNotFoundException", "The specified log group does not exist.")]
    [InlineData("LimitExceededException", "Resource limit exceeded.")] // the 2-filters-per-log-group quota: waiting will not lift it
    [InlineData("InvalidParameterException", "Invalid filter pattern.")]
    [InlineData("OperationAbortedException", "Multiple users are modifying the filter.")]
    public async Task Errors_the_caller_must_act_on_surface_by_name_without_retrying(string errorCode, string message)
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (_, context) => LocalAwsEndpoint.AwsError(context, 400, errorCode, message));
        using var client = CreateClient(endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.PutSubscriptionFilterAsync(
            new PutSubscriptionFilterRequest("/vpc/flow-logs", "kinesisflow", "", StreamArn, RoleArn), CancellationToken.None));

        Assert.Equal(errorCode, error.ErrorCode);
        Assert.Equal(message, error.ServiceMessage);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Throttling_is_retried_until_the_call_succeeds()
    {
        await using var endpoint = await LocalAwsEndpoint.StartAsync("logs", (n, context) => n < 3
            ? LocalAwsEndpoint.AwsError(context, 400, "ThrottlingException", "Rate exceeded")
            : LocalAwsEndpoint.Json(context, 200, """{"logGroups":[{"logGroupName":"/vpc/flow-logs"}]}"""));
        using var client = CreateClient(endpoint);

        var page = await client.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None);

        Assert.Equal("/vpc/flow-logs", Assert.Single(page.LogGroups).LogGroupName);
        Assert.Equal(3, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, r => Assert.Equal("{}", r.BodyText));
    }

    [Fact]
    public void Every_operation_is_catalogued_with_its_IAM_action()
    {
        Assert.Equal(12, CloudWatchLogsOperations.All.Distinct().Count());
        Assert.Subset(CloudWatchLogsOperations.All.ToHashSet(), CloudWatchLogsOperations.LogGroupSubscriptions
            .Concat(CloudWatchLogsOperations.AccountSubscriptions)
            .Concat(CloudWatchLogsOperations.Destinations)
            .Concat(CloudWatchLogsOperations.DestinationSubscriber)
            .ToHashSet());
        Assert.Equal("logs:PutSubscriptionFilter", CloudWatchLogsOperations.IamAction(CloudWatchLogsOperations.PutSubscriptionFilter));
    }

    // What the service answers to calls that return nothing: 200 with an empty body of length 0.
    private static Task EmptySuccess(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    // Zero backoff and a fake clock that never fires the attempt timeout: retries happen at once, nothing sleeps.
    private static CloudWatchLogsClient CreateClient(LocalAwsEndpoint endpoint)
    {
        var options = endpoint.ClientOptions(TimeSpan.FromSeconds(30), maxAttempts: 3);
        options.RetryBaseDelay = TimeSpan.Zero;
        options.RetryMaxDelay = TimeSpan.Zero;
        return new CloudWatchLogsClient(options, new FakeTimeProvider());
    }
}
