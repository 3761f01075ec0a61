using System.Text.Json;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli.Tests.Subscribe;

public sealed class SubscribeAccountPolicyTests
{
    private static readonly SubscribeTarget Target = new(
        "kinesisflow-flows", "", "arn:aws:kinesis:eu-west-1:123456789012:stream/flows", "arn:aws:iam::123456789012:role/cwl", SubscriptionDistribution.Random);

    private static readonly string Criteria = SubscribeAccountPolicy.SelectionCriteria(["/kinesisflow/consumer/prod"]);

    [Fact]
    public void Document_holds_the_subscription_fields_as_json()
    {
        using var document = JsonDocument.Parse(SubscribeAccountPolicy.Document(Target));
        var root = document.RootElement;
        Assert.Equal(Target.DestinationArn, root.GetProperty("DestinationArn").GetString());
        Assert.Equal(Target.RoleArn, root.GetProperty("RoleArn").GetString());
        Assert.Equal("", root.GetProperty("FilterPattern").GetString());
        Assert.Equal("Random", root.GetProperty("Distribution").GetString());
    }

    [Fact]
    public void Selection_criteria_excludes_the_named_log_groups_quoted()
    {
        Assert.Equal("LogGroupName NOT IN [\"/a\", \"/kinesisflow/consumer/prod#2\"]", SubscribeAccountPolicy.SelectionCriteria(["/a", "/kinesisflow/consumer/prod#2"]));
    }

    [Theory]
    [InlineData("/b \"quoted\"")]
    [InlineData("")]
    [InlineData("/with space")]
    public void Selection_criteria_refuses_what_is_not_a_log_group_name(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => SubscribeAccountPolicy.SelectionCriteria([name]));
        Assert.Contains("is not a log group name", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Selection_criteria_needs_one_to_fifty_exclusions(int count)
    {
        var error = Assert.Throws<ArgumentException>(() => SubscribeAccountPolicy.SelectionCriteria([.. Enumerable.Range(0, count).Select(i => $"/g{i}")]));
        Assert.Contains("--exclude-log-group", error.Message);
    }

    [Fact]
    public void No_policy_yet_creates_ours()
    {
        Assert.Equal(SubscribeAction.Create, SubscribeAccountPolicy.Plan(Target, Criteria, []).Action);
    }

    [Fact]
    public void Our_identical_policy_is_unchanged_even_when_the_service_reformats_it()
    {
        var reformatted = """{ "Distribution": "Random", "FilterPattern": "", "RoleArn": "arn:aws:iam::123456789012:role/cwl", "DestinationArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/flows" }""";
        var step = SubscribeAccountPolicy.Plan(Target, Criteria, [Policy("kinesisflow-flows", reformatted, Criteria)]);
        Assert.Equal(SubscribeAction.Unchanged, step.Action);
    }

    [Fact]
    public void Our_policy_with_other_exclusions_or_settings_is_updated_under_its_own_name()
    {
        var document = SubscribeAccountPolicy.Document(Target);
        Assert.Equal(SubscribeAction.Update, SubscribeAccountPolicy.Plan(Target, Criteria, [Policy("kinesisflow-flows", document, "LogGroupName NOT IN [\"/old\"]")]).Action);
        var renamed = SubscribeAccountPolicy.Plan(Target, Criteria, [Policy("kinesisflow-old", SubscribeAccountPolicy.Document(Target with { Distribution = SubscriptionDistribution.ByLogStream }), Criteria)]);
        Assert.Equal((SubscribeAction.Update, "kinesisflow-old"), (renamed.Action, renamed.FilterName));
        Assert.Equal(SubscribeAction.Update, SubscribeAccountPolicy.Plan(Target, Criteria, [Policy("kinesisflow-flows", "not json", Criteria)]).Action);
    }

    [Fact]
    public void Someone_elses_policy_is_reported_not_replaced()
    {
        var step = SubscribeAccountPolicy.Plan(Target, Criteria, [Policy("security-team", "{}", null)]);
        Assert.Equal(SubscribeAction.SkipFilterLimit, step.Action);
        Assert.Equal(["security-team"], step.Existing);
    }

    private static AccountPolicy Policy(string name, string document, string? criteria) =>
        new(name, AccountPolicyTypes.SubscriptionFilter, document, "ALL", criteria, "123456789012", null);

    [Fact]
    public void Removal_deletes_only_our_policy()
    {
        Assert.Equal(
            [("kinesisflow-flows", SubscribeAction.Delete)],
            SubscribeAccountPolicy.PlanRemoval([Policy("kinesisflow-flows", "{}", null), Policy("security-team", "{}", null)]).Select(s => (s.FilterName, s.Action)));
        Assert.Equal(SubscribeAction.NothingOfOurs, Assert.Single(SubscribeAccountPolicy.PlanRemoval([Policy("security-team", "{}", null)])).Action);
    }
}
