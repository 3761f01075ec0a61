using Amazon.Runtime;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;
using KinesisFlow.Aws.Organizations;
using KinesisFlow.Aws.Sts;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>
/// Pins <see cref="FakeAwsCloud"/>'s answers to what the AWS API references document — through KinesisFlow's real
/// clients, so a shape the fake got wrong fails here and not as a puzzling command test: the error codes
/// (ResourceAlreadyExistsException, LimitExceededException for the two-filter limit, InvalidParameterException,
/// AccessDeniedException, throttling retried), SigV4 refusals, and the state per account and region by access key.
/// </summary>
public sealed class FakeAwsCloudContractTests : IAsyncLifetime
{
    private const string Member = "222222222222";
    private const string Region = "eu-west-1";
    private const string Stream = "arn:aws:kinesis:eu-west-1:111111111111:stream/flows";
    private const string Role = "arn:aws:iam::111111111111:role/cwl-to-kinesis";
    private FakeAwsCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeAwsCloud.StartAsync(pageSize: 2);
        _cloud.AddAccount(Member, "workloads");
        _cloud.AddAccount("333333333333", "sandbox");
        _cloud.AddAccount("444444444444", "closed", "SUSPENDED");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_or_an_unknown_key_is_refused()
    {
        using var wrongSecret = new CloudWatchLogsClient(Options(FakeAwsCloud.ManagementAccessKey, "not-the-secret"));
        using var unknownKey = new CloudWatchLogsClient(Options("AKIDUNKNOWN", FakeAwsCloud.ManagementSecret));

        var signature = await Assert.ThrowsAsync<AwsServiceException>(() => wrongSecret.DescribeLogGroupsAsync(new(), CancellationToken.None));
        var key = await Assert.ThrowsAsync<AwsServiceException>(() => unknownKey.DescribeLogGroupsAsync(new(), CancellationToken.None));

        Assert.Equal("InvalidSignatureException", signature.ErrorCode);
        Assert.Equal("UnrecognizedClientException", key.ErrorCode);
        Assert.Empty(_cloud.Calls);
    }

    [Fact]
    public async Task A_third_subscription_filter_is_LimitExceededException_and_not_retried()
    {
        using var logs = Management();
        await logs.CreateLogGroupAsync("/vpc/a", CancellationToken.None);
        await logs.PutSubscriptionFilterAsync(new("/vpc/a", "one", "", Stream, Role), CancellationToken.None);
        await logs.PutSubscriptionFilterAsync(new("/vpc/a", "two", "", Stream, Role), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => logs.PutSubscriptionFilterAsync(new("/vpc/a", "three", "", Stream, Role), CancellationToken.None));

        Assert.Equal("LimitExceededException", error.ErrorCode);
        Assert.Equal(3, _cloud.Calls.Count(c => c.Operation == "PutSubscriptionFilter"));
        await logs.PutSubscriptionFilterAsync(new("/vpc/a", "two", "", Stream, Role, SubscriptionDistribution.Random), CancellationToken.None);
    }

    [Fact]
    public async Task Creating_a_log_group_twice_is_ResourceAlreadyExistsException()
    {
        using var logs = Management();
        await logs.CreateLogGroupAsync("/vpc/a", CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => logs.CreateLogGroupAsync("/vpc/a", CancellationToken.None));

        Assert.Equal("ResourceAlreadyExistsException", error.ErrorCode);
    }

    [Fact]
    public async Task A_stream_without_a_role_is_InvalidParameterException_and_a_missing_group_ResourceNotFoundException()
    {
        using var logs = Management();
        await logs.CreateLogGroupAsync("/vpc/a", CancellationToken.None);

        var noRole = await Assert.ThrowsAsync<AwsServiceException>(() => logs.PutSubscriptionFilterAsync(new("/vpc/a", "kinesisflow-flows", "", Stream), CancellationToken.None));
        var noGroup = await Assert.ThrowsAsync<AwsServiceException>(() => logs.PutSubscriptionFilterAsync(new("/vpc/none", "kinesisflow-flows", "", Stream, Role), CancellationToken.None));

        Assert.Equal(("InvalidParameterException", "ResourceNotFoundException"), (noRole.ErrorCode, noGroup.ErrorCode));
    }

    [Fact]
    public async Task ThrottlingException_is_retried_until_it_passes()
    {
        using var logs = Management();
        _cloud.ThrottleNext("logs", 2);

        var page = await logs.DescribeLogGroupsAsync(new(), CancellationToken.None);

        Assert.Empty(page.LogGroups);
        Assert.Equal(2, _cloud.Throttled["logs"]);
    }

    [Fact]
    public async Task Assumed_role_keys_act_in_the_roles_account_and_a_role_without_trust_is_AccessDenied()
    {
        using var sts = new RoleAssumer(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        var member = await sts.AssumeAsync($"arn:aws:iam::{Member}:role/{FakeAwsCloud.MemberRole}", CancellationToken.None);
        using var memberLogs = new CloudWatchLogsClient(new AwsClientOptions { Region = Region, ServiceUrl = _cloud.Endpoint, Credentials = member });

        await memberLogs.CreateLogGroupAsync("/vpc/member", CancellationToken.None);
        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => sts.AssumeAsync($"arn:aws:iam::{Member}:role/Unknown", CancellationToken.None));

        Assert.Equal(["/vpc/member"], _cloud.Logs(Member, Region).LogGroups.Keys);
        Assert.Empty(_cloud.Logs(FakeAwsCloud.ManagementAccount, Region).LogGroups);
        Assert.Empty(_cloud.Logs(Member, "us-east-1").LogGroups);
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    [Fact]
    public async Task ListAccounts_pages_through_every_account_from_the_management_account_only()
    {
        using var organizations = new OrganizationsClient(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        using var sts = new RoleAssumer(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        var member = await sts.AssumeAsync($"arn:aws:iam::{Member}:role/{FakeAwsCloud.MemberRole}", CancellationToken.None);
        using var fromMember = new OrganizationsClient(new AwsClientOptions { Region = Region, ServiceUrl = _cloud.Endpoint, Credentials = member });

        var accounts = await organizations.ListAllAccountsAsync(CancellationToken.None);
        var denied = await Assert.ThrowsAsync<AwsServiceException>(() => fromMember.ListAllAccountsAsync(CancellationToken.None));

        Assert.Equal(["111111111111", Member, "333333333333", "444444444444"], accounts.Select(a => a.Id));
        Assert.Equal([true, true, true, false], accounts.Select(a => a.IsActive));
        Assert.Equal(2, _cloud.Calls.Count(c => c.Operation == "ListAccounts" && c.Account == FakeAwsCloud.ManagementAccount));
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
    }

    [Fact]
    public async Task A_destination_takes_member_subscriptions_only_as_its_access_policy_allows()
    {
        using var central = Management();
        var destination = await central.PutDestinationAsync(new("flows", Stream, Role), CancellationToken.None);
        using var sts = new RoleAssumer(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        using var member = new CloudWatchLogsClient(new AwsClientOptions
        {
            Region = Region, ServiceUrl = _cloud.Endpoint, Credentials = await sts.AssumeAsync($"arn:aws:iam::{Member}:role/{FakeAwsCloud.MemberRole}", CancellationToken.None),
        });
        await member.CreateLogGroupAsync("/vpc/a", CancellationToken.None);
        var filter = new PutSubscriptionFilterRequest("/vpc/a", "kinesisflow-flows", "", destination!.Arn!);

        var beforePolicy = await Assert.ThrowsAsync<AwsServiceException>(() => member.PutSubscriptionFilterAsync(filter, CancellationToken.None));
        await central.PutDestinationPolicyAsync("flows", DestinationAccessPolicy.Build(destination.Arn!, ["333333333333"], null), CancellationToken.None);
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => member.PutSubscriptionFilterAsync(filter, CancellationToken.None));
        await central.PutDestinationPolicyAsync("flows", DestinationAccessPolicy.Build(destination.Arn!, [], FakeAwsCloud.OrganizationId), CancellationToken.None);
        await member.PutSubscriptionFilterAsync(filter, CancellationToken.None);
        var otherRegion = await Assert.ThrowsAsync<AwsServiceException>(() => member.PutSubscriptionFilterAsync(filter with { DestinationArn = destination.Arn!.Replace(Region, "us-east-1", StringComparison.Ordinal) }, CancellationToken.None));

        Assert.Equal("arn:aws:logs:eu-west-1:111111111111:destination:flows", destination.Arn);
        Assert.Equal(("AccessDeniedException", "AccessDeniedException"), (beforePolicy.ErrorCode, otherAccount.ErrorCode));
        Assert.Equal("InvalidParameterException", otherRegion.ErrorCode);
        var described = Assert.Single(await central.DescribeDestinationsAsync(new("fl"), CancellationToken.None) is { } page ? page.Destinations : []);
        Assert.Equal((Stream, Role), (described.TargetArn, described.RoleArn));
        Assert.Contains("aws:PrincipalOrgID", described.AccessPolicy, StringComparison.Ordinal);
        Assert.Equal(destination.Arn, _cloud.Logs(Member, Region).LogGroups["/vpc/a"]["kinesisflow-flows"]["destinationArn"]!.ToString());
    }

    [Fact]
    public async Task CreateFlowLogs_reports_a_duplicate_or_missing_vpc_per_resource_and_records_what_was_asked()
    {
        _cloud.Ec2(FakeAwsCloud.ManagementAccount, Region).Vpcs.AddRange(["vpc-1", "vpc-2", "vpc-3"]);
        using var ec2 = new VpcFlowLogs(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        var request = new CreateVpcFlowLogRequest("vpc-1", "/vpc/flow-logs/vpc-1", Role, "${version} ${srcaddr}");

        var id = await ec2.CreateAsync(request, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() => ec2.CreateAsync(request, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => ec2.CreateAsync(request with { VpcId = "vpc-9" }, CancellationToken.None));

        Assert.Equal(("FlowLogAlreadyExists", "InvalidVpcID.NotFound"), (duplicate.ErrorCode, missing.ErrorCode));
        Assert.Equal(["vpc-1", "vpc-2", "vpc-3"], await ec2.ListVpcIdsAsync(CancellationToken.None));
        var flowLog = Assert.Single(await ec2.ListFlowLogsAsync(CancellationToken.None));
        Assert.Equal(new VpcFlowLog(id, "vpc-1", "cloud-watch-logs", "/vpc/flow-logs/vpc-1"), flowLog);
        var stored = Assert.Single(_cloud.Ec2(FakeAwsCloud.ManagementAccount, Region).FlowLogs);
        Assert.Equal(("ALL", 60, Role, "${version} ${srcaddr}"), (stored.TrafficType, stored.MaxAggregationInterval, stored.DeliveryRoleArn, stored.LogFormat));
    }

    [Fact]
    public async Task An_ec2_RequestLimitExceeded_is_retried_by_the_sdk()
    {
        _cloud.Ec2(FakeAwsCloud.ManagementAccount, Region).Vpcs.Add("vpc-1");
        using var ec2 = new VpcFlowLogs(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));
        _cloud.ThrottleNext("ec2", 1);

        Assert.Equal(["vpc-1"], await ec2.ListVpcIdsAsync(CancellationToken.None));
        Assert.Equal(1, _cloud.Throttled["ec2"]);
    }

    private CloudWatchLogsClient Management() => new(Options(FakeAwsCloud.ManagementAccessKey, FakeAwsCloud.ManagementSecret));

    private AwsClientOptions Options(string accessKey, string secret) => new()
    {
        Region = Region,
        ServiceUrl = _cloud.Endpoint,
        Credentials = new BasicAWSCredentials(accessKey, secret),
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };
}
