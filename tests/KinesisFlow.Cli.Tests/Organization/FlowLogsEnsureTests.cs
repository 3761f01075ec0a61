using System.Text.Json;
using KinesisFlow.Aws.Ec2;
using KinesisFlow.Cli.Tests.Subscribe;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>
/// <c>kinesisflow flow-logs ensure</c> and org-wide <c>subscribe --discover-formats</c> across two member accounts in two
/// regions, against <see cref="FakeAwsCloud"/>.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class FlowLogsEnsureTests : IAsyncLifetime
{
    private const string Custom = "${version} ${vpc-id} ${srcaddr} ${dstaddr} ${action}";
    private const string Destination = CentralDestinations.Arn;
    private static readonly string[] Members = ["222222222222", "333333333333"];
    private static readonly string[] Regions = ["eu-west-1", "us-east-1"];
    private FakeAwsCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeAwsCloud.StartAsync(pageSize: 2);
        foreach (var member in Members)
        {
            _cloud.AddAccount(member, "member");
            foreach (var region in Regions)
            {
                _cloud.Ec2(member, region).Vpcs.AddRange(["vpc-1", "vpc-2", "vpc-3"]);
            }
        }

        // One VPC already logs into its own group; one only into S3, which does not reach the stream.
        _cloud.Logs("222222222222", "eu-west-1").AddLogGroup("/legacy/vpc-1");
        _cloud.Ec2("222222222222", "eu-west-1").FlowLogs.Add(new("fl-old", "vpc-1", "cloud-watch-logs", "/legacy/vpc-1", null));
        _cloud.Ec2("222222222222", "eu-west-1").FlowLogs.Add(new("fl-s3", "vpc-2", "s3", null, null));
        await CentralDestinations.CreateAsync(_cloud, Regions);
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Creates_the_missing_flow_logs_subscribes_every_vpcs_group_and_a_rerun_changes_nothing()
    {
        var (exitCode, output, error) = await Ensure("--all-vpcs", "--format", Custom);
        var writes = _cloud.Writes();
        var again = await Ensure("--all-vpcs", "--format", Custom);

        Assert.True(exitCode == 0, output + error);
        var first = _cloud.Ec2("222222222222", "eu-west-1");
        Assert.Equal(["fl-old", "fl-s3"], first.FlowLogs.Take(2).Select(f => f.FlowLogId));
        var created = first.FlowLogs.Skip(2).ToList();
        Assert.Equal(["vpc-2", "vpc-3"], created.Select(f => f.ResourceId));
        Assert.All(created, f => Assert.Equal(("cloud-watch-logs", "ALL", 60, Custom, "arn:aws:iam::222222222222:role/flow-logs-delivery"), (f.DestinationType, f.TrafficType, f.MaxAggregationInterval, f.LogFormat, f.DeliveryRoleArn)));
        Assert.Equal(3, _cloud.Ec2("333333333333", "us-east-1").FlowLogs.Count);
        var groups = _cloud.Logs("222222222222", "eu-west-1").LogGroups;
        Assert.Equal(["/legacy/vpc-1", "/vpc/flow-logs/vpc-2", "/vpc/flow-logs/vpc-3"], groups.Keys);
        Assert.All(groups.Values, filters => Assert.Equal("arn:aws:logs:eu-west-1:111111111111:destination:kinesisflow-flows", (string?)filters["kinesisflow-kinesisflow-flows"]["destinationArn"]));
        Assert.Contains("222222222222  eu-west-1       2           1          0        0", output, StringComparison.Ordinal);
        Assert.Contains("333333333333  us-east-1       3           0          0        0", output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(writes, _cloud.Writes());
        Assert.Contains("222222222222  eu-west-1       0           3          0        0", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_shows_the_flow_logs_and_subscriptions_it_would_make_and_changes_nothing()
    {
        var writes = _cloud.Writes();

        var (exitCode, output, _) = await Ensure("--vpc", "vpc-3", "--vpc", "vpc-9", "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Equal(writes, _cloud.Writes());
        Assert.Contains("333333333333 us-east-1  would create vpc-3  flow log -> /vpc/flow-logs/vpc-3", output, StringComparison.Ordinal);
        Assert.Contains("333333333333 us-east-1  would create /vpc/flow-logs/vpc-3  kinesisflow-kinesisflow-flows", output, StringComparison.Ordinal);
        Assert.Contains("vpc-9: no such VPC", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovered_formats_of_every_account_and_region_make_one_formats_file()
    {
        await Ensure("--all-vpcs", "--format", Custom, "--regions", "eu-west-1");

        var (exitCode, output, error) = await Run(
            "subscribe", "--discover-formats", "--log-group-prefix", "/", "--accounts", string.Join(',', Members), "--regions", string.Join(',', Regions),
            "--assume-role-arn", "arn:aws:iam::{account}:role/OrganizationAccountAccessRole", "--sts-endpoint-url", _cloud.Endpoint.ToString(), "--ec2-endpoint-url", _cloud.Endpoint.ToString());

        Assert.True(exitCode == 0, error);
        using var formats = JsonDocument.Parse(output);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["/legacy/vpc-1"] = FlowLogFormatDiscovery.DefaultFormat,
                ["/vpc/flow-logs/vpc-1"] = Custom,
                ["/vpc/flow-logs/vpc-2"] = Custom,
                ["/vpc/flow-logs/vpc-3"] = Custom,
            },
            formats.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Contains("4 account/region pairs: 4 done, 0 failed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--role-arn", "arn:aws:iam::{account}:role/r", "--destination-arn", Destination)]
    [InlineData("--all-vpcs", "--vpc", "vpc-1", "--role-arn", "arn:aws:iam::{account}:role/r", "--destination-arn", Destination)]
    [InlineData("--all-vpcs", "--role-arn", "arn:aws:iam::{account}:role/r", "--destination-arn", "arn:aws:kinesis:eu-west-1:111111111111:stream/flows")]
    [InlineData("--all-vpcs", "--role-arn", "arn:aws:iam::{account}:role/r", "--destination-arn", Destination, "--subscription-role-arn", "arn:aws:iam::111111111111:role/x")]
    [InlineData("--all-vpcs", "--role-arn", "arn:aws:iam::{account}:role/r", "--destination-arn", Destination, "--log-group-prefix", "bad prefix:")]
    [InlineData("--all-vpcs", "--destination-arn", Destination)]
    public void Incomplete_command_lines_do_not_parse(params string[] args) =>
        Assert.NotEmpty(CommandTree.ErrorsOf(["flow-logs", "ensure", .. args]));

    private Task<(int ExitCode, string Output, string Error)> Ensure(params string[] args) =>
        Run([
            "flow-logs", "ensure", "--role-arn", "arn:aws:iam::{account}:role/flow-logs-delivery", "--destination-arn", Destination,
            "--accounts", string.Join(',', Members), .. args.Contains("--regions") ? [] : (string[])["--regions", string.Join(',', Regions)],
            "--assume-role-arn", "arn:aws:iam::{account}:role/OrganizationAccountAccessRole", "--sts-endpoint-url", _cloud.Endpoint.ToString(),
            "--ec2-endpoint-url", _cloud.Endpoint.ToString(), .. args]);

    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        CommandTree.RunAsync([.. args, "--endpoint-url", _cloud.Endpoint.ToString()]);
}
