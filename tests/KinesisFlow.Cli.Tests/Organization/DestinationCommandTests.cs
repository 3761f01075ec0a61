using System.Text.Json.Nodes;
using KinesisFlow.Cli.Tests.Subscribe;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary><c>kinesisflow destination create|show|delete</c> in the central account, in-process against <see cref="FakeAwsCloud"/>.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class DestinationCommandTests : IAsyncLifetime
{
    private const string Region = "eu-west-1";
    private const string Stream = "arn:aws:kinesis:eu-west-1:111111111111:stream/flows";
    private const string Role = "arn:aws:iam::111111111111:role/central-DestinationRole";
    private const string Arn = "arn:aws:logs:eu-west-1:111111111111:destination:kinesisflow-flows";
    private FakeAwsCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeAwsCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private Dictionary<string, JsonObject> Destinations => new(_cloud.Logs(FakeAwsCloud.ManagementAccount, Region).Destinations);

    [Fact]
    public async Task Create_puts_the_destination_and_a_policy_for_exactly_the_listed_accounts_then_changes_nothing()
    {
        var (exitCode, output, error) = await Create("--allow-account", "333333333333", "--allow-account", "222222222222");
        var writes = _cloud.Writes().Count;
        var again = await Create("--allow-account", "222222222222", "--allow-account", "333333333333");

        Assert.True(exitCode == 0, error);
        Assert.Contains("create     destination kinesisflow-flows", output, StringComparison.Ordinal);
        var destination = Assert.Single(Destinations).Value;
        Assert.Equal((Stream, Role), ((string?)destination["targetArn"], (string?)destination["roleArn"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""
                {"Version":"2012-10-17","Statement":[{"Sid":"KinesisFlowMemberAccountsSubscribe","Effect":"Allow",
                 "Principal":{"AWS":["222222222222","333333333333"]},
                 "Action":["logs:PutSubscriptionFilter","logs:PutAccountPolicy"],"Resource":"{{Arn}}"}]}
                """),
            JsonNode.Parse((string)destination["accessPolicy"]!)));
        Assert.Equal(["111111111111 eu-west-1 PutDestination", "111111111111 eu-west-1 PutDestinationPolicy"], _cloud.Writes());
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(writes, _cloud.Writes().Count);
        Assert.Contains("unchanged  destination", again.Output, StringComparison.Ordinal);
        Assert.Contains("unchanged  policy", again.Output, StringComparison.Ordinal);
        Assert.Contains($"0 changed; subscribe member accounts with --destination-arn {Arn}", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organization_is_allowed_by_its_id_and_a_change_of_policy_updates_only_the_policy()
    {
        await Create("--allow-account", "222222222222");

        var (exitCode, output, _) = await Create("--allow-organization", FakeAwsCloud.OrganizationId);

        Assert.Equal(0, exitCode);
        Assert.Contains("unchanged  destination", output, StringComparison.Ordinal);
        Assert.Contains("update     policy", output, StringComparison.Ordinal);
        var policy = JsonNode.Parse((string)Assert.Single(Destinations).Value["accessPolicy"]!)!["Statement"]![0]!;
        Assert.Equal("*", (string?)policy["Principal"]);
        Assert.Equal(FakeAwsCloud.OrganizationId, (string?)policy["Condition"]!["StringEquals"]!["aws:PrincipalOrgID"]);
        Assert.Equal(3, _cloud.Writes().Count);
    }

    [Fact]
    public async Task Dry_run_shows_the_plan_and_writes_nothing()
    {
        var (exitCode, output, _) = await Create("--allow-account", "222222222222", "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Empty(_cloud.Writes());
        Assert.Contains("would create destination kinesisflow-flows", output, StringComparison.Ordinal);
        Assert.Contains(Arn, output, StringComparison.Ordinal);
        Assert.Contains("dry run, nothing changed: 2 to change", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_prints_it_and_delete_removes_it_once()
    {
        await Create("--allow-account", "222222222222");

        var show = await Run("destination", "show", "--name", "kinesisflow-flows");
        var delete = await Run("destination", "delete", "--name", "kinesisflow-flows");
        var again = await Run("destination", "delete", "--name", "kinesisflow-flows");
        var missing = await Run("destination", "show", "--name", "kinesisflow-flows");

        Assert.Equal((0, 0, 0, 1), (show.ExitCode, delete.ExitCode, again.ExitCode, missing.ExitCode));
        Assert.Contains($"arn     {Arn}", show.Output, StringComparison.Ordinal);
        Assert.Contains("delete     destination kinesisflow-flows", delete.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to delete", again.Output, StringComparison.Ordinal);
        Assert.StartsWith("destination show: no destination named kinesisflow-flows", missing.Error, StringComparison.Ordinal);
        Assert.Empty(Destinations);
    }

    [Theory]
    [InlineData("destination", "create", "--name", "x", "--stream-arn", Stream, "--role-arn", Role)]
    [InlineData("destination", "create", "--name", "x", "--stream-arn", Stream, "--role-arn", Role, "--allow-account", "222222222222", "--allow-organization", "o-kf0example01")]
    [InlineData("destination", "create", "--name", "x", "--stream-arn", Stream, "--role-arn", Role, "--allow-account", "2222")]
    [InlineData("destination", "create", "--name", "x", "--stream-arn", Stream, "--role-arn", Role, "--allow-organization", "org-1")]
    [InlineData("destination", "create", "--name", "a:b", "--stream-arn", Stream, "--role-arn", Role, "--allow-account", "222222222222")]
    [InlineData("destination", "create", "--name", "x", "--stream-arn", "arn:aws:logs:eu-west-1:111111111111:destination:x", "--role-arn", Role, "--allow-account", "222222222222")]
    [InlineData("destination", "show")]
    public void Incomplete_command_lines_do_not_parse(params string[] args) => Assert.NotEmpty(CommandTree.ErrorsOf(args));

    private Task<(int ExitCode, string Output, string Error)> Create(params string[] args) =>
        Run(["destination", "create", "--name", "kinesisflow-flows", "--stream-arn", Stream, "--role-arn", Role, .. args]);

    private Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        CommandTree.RunAsync([.. args, "--region", Region, "--endpoint-url", _cloud.Endpoint.ToString()]);
}
