using System.Text;
using System.Text.Json;
using KinesisFlow.Cli.Tests.Ec2;
using KinesisFlow.FlowLogs;

namespace KinesisFlow.Cli.Tests.Subscribe;

/// <summary><c>kinesisflow subscribe</c> / <c>unsubscribe</c> run in-process against a local CloudWatch Logs stand-in.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class SubscribeCommandTests : IAsyncLifetime
{
    private const string Stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/flows";
    private const string OtherStream = "arn:aws:kinesis:eu-west-1:123456789012:stream/other";
    private const string Role = "arn:aws:iam::123456789012:role/cwl-to-kinesis";
    private FakeCloudWatchLogs _logs = null!;

    public async Task InitializeAsync()
    {
        _logs = await FakeCloudWatchLogs.StartAsync(pageSize: 2);
        _logs.AddLogGroup("/vpc/flow-logs/a");
        _logs.AddLogGroup("/vpc/flow-logs/b", ("splunk", OtherStream));
        _logs.AddLogGroup("/vpc/flow-logs/full", ("splunk", OtherStream), ("lambda", OtherStream));
        _logs.AddLogGroup("/vpc/flow-logs/c");
        _logs.AddLogGroup("/kinesisflow/consumer/prod");
        _logs.AddLogGroup("/app/web");
        _logs.AddLogGroup("/app/Flow-Archive");
    }

    public async Task DisposeAsync() => await _logs.DisposeAsync();

    [Fact]
    public async Task Subscribes_every_selected_group_names_the_full_one_in_the_summary_and_exits_0()
    {
        var (exitCode, output, _) = await Subscribe("--log-group-prefix", "/vpc/flow-logs/", "--log-group", "/app/web");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["/app/web", "/vpc/flow-logs/a", "/vpc/flow-logs/b", "/vpc/flow-logs/c"],
            _logs.LogGroups.Where(g => g.Value.ContainsKey("kinesisflow-flows")).Select(g => g.Key));
        Assert.All(_logs.LogGroups.Values.Select(f => f.GetValueOrDefault("kinesisflow-flows")).OfType<System.Text.Json.Nodes.JsonObject>(), filter =>
        {
            Assert.Equal(Stream, (string?)filter["destinationArn"]);
            Assert.Equal(Role, (string?)filter["roleArn"]);
            Assert.Equal("Random", (string?)filter["distribution"]);
            Assert.Equal("", (string?)filter["filterPattern"]);
        });
        Assert.Equal(["lambda", "splunk"], _logs.LogGroups["/vpc/flow-logs/full"].Keys);
        Assert.Contains("skipped    /vpc/flow-logs/full  already at the limit, none of them ours: lambda, splunk", output);
        Assert.EndsWith("1 skipped, 0 failed (skipped /vpc/flow-logs/full: at the filter limit)", output.TrimEnd());
        Assert.Contains("4 created, 0 updated, 0 deleted, 0 unchanged, 1 skipped, 0 failed", output);
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        await Subscribe("--log-group-prefix", "/vpc/flow-logs/");
        var writesBefore = _logs.Writes.Count();

        var (_, output, _) = await Subscribe("--log-group-prefix", "/vpc/flow-logs/");

        Assert.Equal(writesBefore, _logs.Writes.Count());
        Assert.Contains("0 created, 0 updated, 0 deleted, 3 unchanged, 1 skipped, 0 failed", output);
    }

    [Fact]
    public async Task Dry_run_reads_and_writes_nothing()
    {
        var (exitCode, output, _) = await Subscribe("--log-group-pattern", "flow", "--dry-run");

        Assert.True(exitCode == 0, output);
        Assert.Empty(_logs.Writes);
        Assert.Contains("would create /app/Flow-Archive  kinesisflow-flows", output);
        Assert.True(output.Contains("dry run, nothing changed: 5 to create, 0 to update, 0 to delete, 0 unchanged, 1 skipped", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Our_filter_is_updated_in_place_with_new_settings()
    {
        await Subscribe("--log-group", "/vpc/flow-logs/a", "--distribution", "ByLogStream");

        var (exitCode, output, _) = await Subscribe("--log-group", "/vpc/flow-logs/a", "--filter-pattern", "[version, account, eni, src, dst, sp, dp, proto, pk, by, st, en, action=REJECT, status]");

        Assert.Equal(0, exitCode);
        Assert.Contains("update     /vpc/flow-logs/a  kinesisflow-flows", output);
        var filter = Assert.Single(_logs.LogGroups["/vpc/flow-logs/a"]).Value;
        Assert.Equal("Random", (string?)filter["distribution"]);
        Assert.StartsWith("[version", (string?)filter["filterPattern"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Excluded_and_missing_log_groups_are_reported()
    {
        var (exitCode, output, _) = await Subscribe("--log-group-prefix", "/kinesisflow/", "--log-group", "/vpc/nope", "--exclude-log-group", "/kinesisflow/consumer/prod");

        Assert.Equal(0, exitCode);
        Assert.Empty(_logs.LogGroups["/kinesisflow/consumer/prod"]);
        Assert.Contains("excluded   /kinesisflow/consumer/prod", output);
        Assert.Contains("missing    /vpc/nope  no such log group", output);
        Assert.Contains("(skipped /vpc/nope: missing)", output);
    }

    [Fact]
    public async Task A_refused_log_group_is_reported_and_the_others_still_done()
    {
        _logs.DenyPutFor.Add("/vpc/flow-logs/b");

        var (exitCode, output, _) = await Subscribe("--log-group", "/vpc/flow-logs/a", "--log-group", "/vpc/flow-logs/b", "--log-group", "/vpc/flow-logs/c");

        Assert.Equal(1, exitCode);
        Assert.Contains("failed     /vpc/flow-logs/b  kinesisflow-flows: AccessDeniedException", output);
        Assert.True(_logs.LogGroups["/vpc/flow-logs/c"].ContainsKey("kinesisflow-flows"));
        Assert.Contains("2 created, 0 updated, 0 deleted, 0 unchanged, 0 skipped, 1 failed", output);
    }

    [Fact]
    public async Task Unsubscribe_removes_only_our_filters()
    {
        await Subscribe("--log-group-prefix", "/vpc/flow-logs/");

        var (exitCode, output, _) = await Run("unsubscribe", "--log-group-prefix", "/vpc/");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(_logs.LogGroups.Values, filters => filters.Keys.Any(k => k.StartsWith("kinesisflow-", StringComparison.Ordinal)));
        Assert.Equal(["splunk"], _logs.LogGroups["/vpc/flow-logs/b"].Keys);
        Assert.Equal(["lambda", "splunk"], _logs.LogGroups["/vpc/flow-logs/full"].Keys);
        Assert.Contains("3 created", (await Subscribe("--log-group-prefix", "/vpc/flow-logs/")).Output);
        Assert.Contains("none       /vpc/flow-logs/full  nothing of ours", output);
    }

    [Fact]
    public async Task Unsubscribe_with_a_destination_keeps_our_filters_into_other_streams()
    {
        await Subscribe("--log-group", "/vpc/flow-logs/a");
        await Run("subscribe", "--destination-arn", OtherStream, "--role-arn", Role, "--log-group", "/vpc/flow-logs/a", "--region", "eu-west-1", "--endpoint-url", _logs.Endpoint.ToString());

        var (exitCode, _, _) = await Run("unsubscribe", "--log-group", "/vpc/flow-logs/a", "--destination-arn", OtherStream);

        Assert.Equal(0, exitCode);
        Assert.Equal(["kinesisflow-flows"], _logs.LogGroups["/vpc/flow-logs/a"].Keys);
    }

    [Fact]
    public async Task Account_level_policy_excludes_the_consumer_and_is_idempotent()
    {
        var (exitCode, output, _) = await Subscribe("--account-level", "--exclude-log-group", "/kinesisflow/consumer/prod");
        var again = await Subscribe("--account-level", "--exclude-log-group", "/kinesisflow/consumer/prod");

        Assert.Equal((0, 0), (exitCode, again.ExitCode));
        Assert.Contains("create     kinesisflow-flows  kinesisflow-flows", output);
        Assert.Contains("unchanged  kinesisflow-flows", again.Output);
        var policy = Assert.Single(_logs.AccountPolicies).Value;
        Assert.Equal("LogGroupName NOT IN [\"/kinesisflow/consumer/prod\"]", (string?)policy["selectionCriteria"]);
        Assert.Equal(
            "{\"DestinationArn\":\"arn:aws:kinesis:eu-west-1:123456789012:stream/flows\",\"RoleArn\":\"arn:aws:iam::123456789012:role/cwl-to-kinesis\",\"FilterPattern\":\"\",\"Distribution\":\"Random\"}",
            (string?)policy["policyDocument"]);
        Assert.Single(_logs.Writes);

        var (removed, _, _) = await Run("unsubscribe", "--account-level");
        Assert.Equal(0, removed);
        Assert.Empty(_logs.AccountPolicies);
    }

    [Fact]
    public async Task Someone_elses_account_policy_is_reported_not_replaced()
    {
        _logs.AccountPolicies["security-team"] = new() { ["policyName"] = "security-team", ["policyType"] = "SUBSCRIPTION_FILTER_POLICY", ["policyDocument"] = "{}" };

        var (exitCode, output, _) = await Subscribe("--account-level", "--exclude-log-group", "/kinesisflow/consumer/prod");

        Assert.Equal(0, exitCode);
        Assert.Contains("security-team", output);
        Assert.Equal(["security-team"], _logs.AccountPolicies.Keys);
    }

    [Theory]
    [InlineData("--account-level")]
    [InlineData("--account-level", "--log-group", "/app/web", "--exclude-log-group", "/x")]
    [InlineData("--filter-name", "flows", "--log-group", "/app/web")]
    [InlineData("--log-group", "/app/web", "--exclude-log-group", "not a name")]
    public async Task Bad_combinations_are_refused_before_any_call(params string[] args)
    {
        var (exitCode, _, error) = await Subscribe(args);

        Assert.Equal(1, exitCode);
        Assert.NotEmpty(error);
        Assert.Empty(_logs.Writes);
    }

    [Theory]
    [InlineData("subscribe", "--role-arn", Role, "--log-group", "/a")]
    [InlineData("subscribe", "--destination-arn", Stream, "--log-group", "/a")]
    [InlineData("subscribe", "--destination-arn", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/x", "--role-arn", Role, "--log-group", "/a")]
    [InlineData("subscribe", "--destination-arn", Stream, "--role-arn", "role", "--log-group", "/a")]
    [InlineData("subscribe", "--destination-arn", Stream, "--role-arn", Role)]
    [InlineData("subscribe", "--destination-arn", Stream, "--role-arn", Role, "--log-group", "/a", "--distribution", "RoundRobin")]
    [InlineData("unsubscribe")]
    public void Incomplete_command_lines_do_not_parse(params string[] args)
    {
        Assert.NotEmpty(CommandTree.ErrorsOf(args));
    }

    [Fact]
    public async Task Discover_formats_prints_a_formats_file_for_the_selected_groups()
    {
        const string Custom = "${version} ${vpc-id} ${srcaddr} ${dstaddr} ${action}";
        await using var ec2 = await FakeEc2FlowLogs.StartAsync(pageSize: 1);
        ec2.FlowLogs.AddRange(
        [
            new("fl-1", "vpc-1", "cloud-watch-logs", "/vpc/flow-logs/a", Custom),
            new("fl-2", "vpc-2", "cloud-watch-logs", "/vpc/flow-logs/b", null),
            new("fl-3", "vpc-3", "cloud-watch-logs", "/other", Custom),
        ]);

        var (exitCode, output, error) = await Run("subscribe", "--discover-formats", "--log-group-prefix", "/vpc/", "--ec2-endpoint-url", ec2.Endpoint.ToString());

        Assert.True(exitCode == 0, error);
        Assert.Empty(_logs.Calls);
        using var printed = JsonDocument.Parse(output);
        Assert.Equal(["/vpc/flow-logs/a", "/vpc/flow-logs/b"], printed.RootElement.EnumerateObject().Select(p => p.Name));
        var map = FormatMap.FromJson(Encoding.UTF8.GetBytes(output));
        Assert.Equal(FlowLogFormat.Parse(Custom).Text, map.Resolve("/vpc/flow-logs/a").Text);
        Assert.Equal(FlowLogFormat.DefaultV2.Text, map.Resolve("/vpc/flow-logs/b").Text);
    }

    private Task<(int ExitCode, string Output, string Error)> Subscribe(params string[] args) =>
        Run(["subscribe", "--destination-arn", Stream, "--role-arn", Role, .. args]);

    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        CommandTree.RunAsync([.. args, "--region", "eu-west-1", "--endpoint-url", _logs.Endpoint.ToString()]);
}
