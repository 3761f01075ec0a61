using System.Text.Json;
using KinesisFlow.Cli.Tests.Subscribe;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>
/// <c>kinesisflow subscribe</c> across an organization of three member accounts in two regions, against
/// <see cref="FakeAwsCloud"/>: destinations made by <c>destination create</c> in the central account, member accounts
/// entered through STS AssumeRole, their log groups subscribed into their region's destination.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class OrganizationSubscribeTests : IAsyncLifetime
{
    private const string Central = FakeAwsCloud.ManagementAccount;
    private const string Destination = CentralDestinations.Arn;
    private const string AssumeRole = "arn:aws:iam::{account}:role/OrganizationAccountAccessRole";
    private static readonly string[] Members = ["222222222222", "333333333333", "444444444444"];
    private static readonly string[] Regions = ["eu-west-1", "us-east-1"];
    private FakeAwsCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeAwsCloud.StartAsync(pageSize: 2);
        foreach (var member in Members)
        {
            _cloud.AddAccount(member, "member-" + member[..1]);
            foreach (var region in Regions)
            {
                _cloud.Logs(member, region).AddLogGroup("/vpc/flow-logs/a");
                _cloud.Logs(member, region).AddLogGroup("/vpc/flow-logs/b", ("splunk", $"arn:aws:kinesis:{region}:{member}:stream/splunk"));
                _cloud.Logs(member, region).AddLogGroup("/app/web");
            }
        }

        _cloud.Logs("333333333333", "eu-west-1").AddLogGroup("/vpc/flow-logs/full", ("one", "arn:aws:kinesis:eu-west-1:333333333333:stream/x"), ("two", "arn:aws:kinesis:eu-west-1:333333333333:stream/y"));
        await CentralDestinations.CreateAsync(_cloud, Regions);
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Every_member_account_and_region_subscribes_into_its_regions_destination()
    {
        _cloud.ThrottleNext("logs", 3);

        var (exitCode, output, error) = await Subscribe("--log-group-prefix", "/vpc/");

        Assert.True(exitCode == 0, output + error);
        foreach (var member in Members)
        {
            foreach (var region in Regions)
            {
                var groups = _cloud.Logs(member, region).LogGroups;
                var filter = groups["/vpc/flow-logs/a"]["kinesisflow-kinesisflow-flows"];
                Assert.Equal($"arn:aws:logs:{region}:111111111111:destination:kinesisflow-flows", (string?)filter["destinationArn"]);
                Assert.Null(filter["roleArn"]);
                Assert.Equal(["kinesisflow-kinesisflow-flows", "splunk"], groups["/vpc/flow-logs/b"].Keys);
                Assert.Empty(groups["/app/web"]);
                Assert.Contains($"{member} {region}  create     /vpc/flow-logs/a  kinesisflow-kinesisflow-flows", output, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["one", "two"], _cloud.Logs("333333333333", "eu-west-1").LogGroups["/vpc/flow-logs/full"].Keys);
        Assert.Contains("333333333333  eu-west-1       2           0          1        0       /vpc/flow-logs/full: at the filter limit", output, StringComparison.Ordinal);
        Assert.Contains("222222222222  us-east-1       2           0          0        0", output, StringComparison.Ordinal);
        Assert.Contains("6 account/region pairs: 6 done, 0 failed", output, StringComparison.Ordinal);
        Assert.Equal(6, error.Split('\n').Count(l => l.StartsWith('[')));
        Assert.Equal(3, _cloud.Throttled["logs"]);
        Assert.Equal(3, _cloud.Calls.Count(c => c.Operation == "AssumeRole"));
        Assert.DoesNotContain(_cloud.Calls, c => c.Service == "logs" && c.Account == Central && c.Operation.StartsWith("Put", StringComparison.Ordinal) && c.Operation != "PutDestination" && c.Operation != "PutDestinationPolicy");
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        await Subscribe("--log-group-prefix", "/vpc/");
        var writes = _cloud.Writes();

        var (exitCode, output, _) = await Subscribe("--log-group-prefix", "/vpc/");

        Assert.Equal(0, exitCode);
        Assert.Equal(writes, _cloud.Writes());
        Assert.Contains("222222222222  eu-west-1       0           2          0        0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_shows_every_accounts_plan_and_changes_nothing()
    {
        var writes = _cloud.Writes();

        var (_, output, _) = await Subscribe("--log-group-prefix", "/vpc/", "--dry-run");

        Assert.Equal(writes, _cloud.Writes());
        Assert.Contains("444444444444 us-east-1  would create /vpc/flow-logs/b  kinesisflow-kinesisflow-flows", output, StringComparison.Ordinal);
        Assert.Contains("6 account/region pairs: 6 done, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_refuses_fails_only_itself()
    {
        _cloud.Accounts["333333333333"].AssumableRoles.Clear();
        _cloud.Accounts["444444444444"].DenyAll = true;

        var (exitCode, output, error) = await Subscribe("--log-group-prefix", "/vpc/");

        Assert.True(exitCode == 1, output + error);
        Assert.All(Regions, region =>
        {
            Assert.True(_cloud.Logs("222222222222", region).LogGroups["/vpc/flow-logs/a"].ContainsKey("kinesisflow-kinesisflow-flows"));
            Assert.Empty(_cloud.Logs("333333333333", region).LogGroups["/vpc/flow-logs/a"]);
            Assert.Contains($"333333333333  {region}       0           0          0        1       AccessDenied: sts:AssumeRole arn:aws:iam::333333333333:role/OrganizationAccountAccessRole", output, StringComparison.Ordinal);
            Assert.Contains($"444444444444  {region}       0           0          0        1       AccessDeniedException", output, StringComparison.Ordinal);
        });
        Assert.Contains("6 account/region pairs: 2 done, 4 failed", output, StringComparison.Ordinal);
        Assert.Equal(2, _cloud.Calls.Count(c => c.Operation == "AssumeRole" && c.Account == Central && c.Region == "eu-west-1" && c.Service == "sts") - 1);
    }

    [Fact]
    public async Task A_destination_policy_without_the_account_refuses_its_subscriptions()
    {
        await CentralDestinations.CreateAsync(_cloud, ["eu-west-1"], "--allow-account", "222222222222");

        var (exitCode, output, _) = await Subscribe("--log-group", "/vpc/flow-logs/a", "--regions", "eu-west-1");

        Assert.Equal(1, exitCode);
        Assert.True(_cloud.Logs("222222222222", "eu-west-1").LogGroups["/vpc/flow-logs/a"].ContainsKey("kinesisflow-kinesisflow-flows"));
        Assert.Contains("failed     /vpc/flow-logs/a  kinesisflow-kinesisflow-flows: AccessDeniedException: User with accountId: 333333333333 is not authorized", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organization_is_listed_and_suspended_accounts_left_out()
    {
        _cloud.AddAccount("555555555555", "closed", "SUSPENDED");

        var (exitCode, output, _) = await Run([.. Base(), "--organization", "--regions", "eu-west-1", "--log-group", "/vpc/flow-logs/a"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("4 account/region pairs: 4 done, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("111111111111  eu-west-1       0           0          1        0       /vpc/flow-logs/a: missing", output, StringComparison.Ordinal);
        Assert.DoesNotContain(_cloud.Calls, c => c.Account == "555555555555");
        Assert.Contains(_cloud.Calls, c => c.Service == "organizations" && c.Operation == "ListAccounts");
    }

    [Fact]
    public async Task Account_level_policies_point_every_member_at_the_destination_and_are_idempotent()
    {
        var (exitCode, output, error) = await Run([.. Base(), "--accounts", string.Join(',', Members), "--regions", string.Join(',', Regions), "--account-level", "--exclude-log-group", "/kinesisflow/consumer"]);
        var writes = _cloud.Writes();
        var again = await Run([.. Base(), "--accounts", string.Join(',', Members), "--regions", string.Join(',', Regions), "--account-level", "--exclude-log-group", "/kinesisflow/consumer"]);

        Assert.True(exitCode == 0, output + error);
        Assert.Equal(writes, _cloud.Writes());
        Assert.Contains("0           1          0        0", again.Output, StringComparison.Ordinal);
        var policy = Assert.Single(_cloud.Logs("444444444444", "us-east-1").AccountPolicies).Value;
        using var document = JsonDocument.Parse((string)policy["policyDocument"]!);
        Assert.Equal("arn:aws:logs:us-east-1:111111111111:destination:kinesisflow-flows", document.RootElement.GetProperty("DestinationArn").GetString());
        Assert.False(document.RootElement.TryGetProperty("RoleArn", out _));
        Assert.Equal("LogGroupName NOT IN [\"/kinesisflow/consumer\"]", (string?)policy["selectionCriteria"]);
    }

    [Theory]
    [InlineData("--accounts", "222222222222")]
    [InlineData("--organization")]
    [InlineData("--accounts", "222222222222", "--assume-role-arn", "arn:aws:iam::222222222222:role/x")]
    [InlineData("--accounts", "2222", "--assume-role-arn", AssumeRole)]
    [InlineData("--accounts", "222222222222", "--organization", "--assume-role-arn", AssumeRole)]
    [InlineData("--regions", "europe")]
    [InlineData("--regions", "eu-west-1", "--role-arn", "arn:aws:iam::111111111111:role/x")]
    [InlineData("--regions", "eu-west-1", "--max-parallel", "0")]
    public void Incomplete_command_lines_do_not_parse(params string[] args) =>
        Assert.NotEmpty(CommandTree.ErrorsOf(["subscribe", "--destination-arn", Destination, "--log-group", "/a", .. args]));

    private string[] Base() =>
        ["subscribe", "--destination-arn", Destination, "--assume-role-arn", AssumeRole, "--sts-endpoint-url", _cloud.Endpoint.ToString(), "--organizations-endpoint-url", _cloud.Endpoint.ToString()];

    private Task<(int ExitCode, string Output, string Error)> Subscribe(params string[] args) =>
        Run([.. Base(), "--accounts", string.Join(',', Members), "--regions", string.Join(',', Regions), .. args]);

    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        CommandTree.RunAsync([.. args, "--endpoint-url", _cloud.Endpoint.ToString()]);
}
