using KinesisFlow.Aws;

namespace KinesisFlow.Cli.Tests.Subscribe;

public sealed class SubscribePlannerTests
{
    private const string Stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/flows";
    private const string OtherStream = "arn:aws:kinesis:eu-west-1:123456789012:stream/other";
    private const string Role = "arn:aws:iam::123456789012:role/cwl-to-kinesis";
    private static readonly SubscribeTarget Target = new("kinesisflow-flows", "", Stream, Role, SubscriptionDistribution.Random);
    private static readonly HashSet<string> NoExclusions = [];

    [Fact]
    public void A_log_group_without_filters_gets_ours()
    {
        var step = PlanOne(Group("/vpc/a"));
        Assert.Equal(new SubscribeStep("/vpc/a", SubscribeAction.Create, "kinesisflow-flows", []), step with { Existing = [] });
    }

    [Fact]
    public void A_log_group_with_one_foreign_filter_gets_ours_beside_it()
    {
        var step = PlanOne(Group("/vpc/a", Filter("splunk", OtherStream)));
        Assert.Equal(SubscribeAction.Create, step.Action);
        Assert.Equal(["splunk"], step.Existing);
    }

    [Fact]
    public void A_log_group_with_two_foreign_filters_is_skipped_and_reported_by_name()
    {
        var step = PlanOne(Group("/vpc/a", Filter("splunk", OtherStream), Filter("lambda", OtherStream)));
        Assert.Equal(SubscribeAction.SkipFilterLimit, step.Action);
        Assert.Equal(["splunk", "lambda"], step.Existing);
        Assert.False(step.Changes);
    }

    [Fact]
    public void Our_identical_filter_is_left_alone()
    {
        var step = PlanOne(Group("/vpc/a", Filter("kinesisflow-flows", Stream)));
        Assert.Equal(SubscribeAction.Unchanged, step.Action);
        Assert.False(step.Changes);
    }

    [Theory]
    [InlineData("{ $.action = \"REJECT\" }", Stream, Role, SubscriptionDistribution.Random)]
    [InlineData("", Stream, "arn:aws:iam::123456789012:role/new", SubscriptionDistribution.Random)]
    [InlineData("", Stream, Role, SubscriptionDistribution.ByLogStream)]
    [InlineData("", Stream, Role, null)]
    [InlineData("", OtherStream, Role, SubscriptionDistribution.Random)]
    public void Our_filter_with_other_settings_is_updated_in_place(string pattern, string destination, string role, SubscriptionDistribution? distribution)
    {
        var step = PlanOne(Group("/vpc/a", new SubscriptionFilter("kinesisflow-flows", "/vpc/a", pattern, destination, role, distribution, null)));
        Assert.Equal(SubscribeAction.Update, step.Action);
        Assert.Equal("kinesisflow-flows", step.FilterName);
    }

    [Fact]
    public void Our_filter_under_another_name_into_the_same_stream_is_updated_not_duplicated()
    {
        var step = PlanOne(Group("/vpc/a", Filter("kinesisflow-legacy", Stream, distribution: SubscriptionDistribution.ByLogStream)));
        Assert.Equal(SubscribeAction.Update, step.Action);
        Assert.Equal("kinesisflow-legacy", step.FilterName);
    }

    [Fact]
    public void Our_filter_is_updated_even_when_the_group_is_at_the_limit()
    {
        var step = PlanOne(Group("/vpc/a", Filter("splunk", OtherStream), Filter("kinesisflow-flows", Stream, pattern: "old")));
        Assert.Equal(SubscribeAction.Update, step.Action);
    }

    [Fact]
    public void A_foreign_filter_into_the_same_stream_is_not_ours_and_not_touched()
    {
        var step = PlanOne(Group("/vpc/a", Filter("manual", Stream), Filter("other", OtherStream)));
        Assert.Equal(SubscribeAction.SkipFilterLimit, step.Action);
    }

    [Fact]
    public void Excluded_log_groups_are_never_subscribed()
    {
        var steps = SubscribePlanner.PlanSubscribe(Target, [Group("/kinesisflow/consumer/prod"), Group("/vpc/a")], new HashSet<string> { "/kinesisflow/consumer/prod" });
        Assert.Equal([SubscribeAction.SkipExcluded, SubscribeAction.Create], steps.Select(s => s.Action));
    }

    [Fact]
    public void A_filter_name_without_our_prefix_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SubscribePlanner.PlanSubscribe(Target with { FilterName = "flows" }, [], NoExclusions));
        Assert.Contains("kinesisflow-", error.Message);
    }

    [Fact]
    public void Unsubscribe_deletes_only_our_filters()
    {
        var steps = SubscribePlanner.PlanUnsubscribe(
            [
                Group("/vpc/a", Filter("splunk", OtherStream), Filter("kinesisflow-flows", Stream)),
                Group("/vpc/b", Filter("splunk", OtherStream)),
                Group("/vpc/c"),
                Group("/kinesisflow/consumer/prod", Filter("kinesisflow-flows", Stream)),
            ],
            destinationArn: null,
            new HashSet<string> { "/kinesisflow/consumer/prod" });
        Assert.Equal(
            [("/vpc/a", SubscribeAction.Delete, "kinesisflow-flows"), ("/vpc/b", SubscribeAction.NothingOfOurs, ""), ("/vpc/c", SubscribeAction.NothingOfOurs, ""), ("/kinesisflow/consumer/prod", SubscribeAction.SkipExcluded, "")],
            steps.Select(s => (s.Target, s.Action, s.FilterName)));
    }

    [Fact]
    public void Unsubscribe_with_a_destination_deletes_only_our_filters_into_it()
    {
        var steps = SubscribePlanner.PlanUnsubscribe(
            [Group("/vpc/a", Filter("kinesisflow-flows", Stream), Filter("kinesisflow-other", OtherStream))], destinationArn: OtherStream, NoExclusions);
        Assert.Equal(("kinesisflow-other", SubscribeAction.Delete), Assert.Single(steps, s => s.Changes) is var s ? (s.FilterName, s.Action) : default);
        Assert.Single(steps);
    }

    // Properties over every arrangement of up to two filters (ours or not, same stream or not, same settings or not).

    [Fact]
    public void The_exhaustive_set_covers_every_rule()
    {
        Assert.Equal(1 + 96 + (96 * 96) - (4 * 24 * 24), EveryGroup.Length);
        Assert.Equal(Enum.GetValues<SubscribeAction>().Except([SubscribeAction.Delete, SubscribeAction.NothingOfOurs, SubscribeAction.SkipExcluded]).Order(), EveryGroup.Select(g => PlanOne(g).Action).Distinct().Order());
    }

    [Fact]
    public void Planning_never_touches_a_foreign_filter_never_exceeds_the_limit_and_never_duplicates()
    {
        Assert.All(EveryGroup, group =>
        {
            var step = PlanOne(group);
            var after = Apply(group, step);
            Assert.True(after.Filters.Count <= SubscribePlanner.MaxFiltersPerLogGroup);
            Assert.Equal(
                group.Filters.Where(f => !SubscribePlanner.IsOurs(f.FilterName)),
                after.Filters.Where(f => !SubscribePlanner.IsOurs(f.FilterName)));
            var oursIntoStream = (LogGroupState g) => g.Filters.Count(f => SubscribePlanner.IsOurs(f.FilterName) && f.DestinationArn == Stream);
            Assert.True(oursIntoStream(after) <= Math.Max(1, oursIntoStream(group)));
        });
    }

    [Fact]
    public void After_planning_a_group_is_subscribed_as_wanted_unless_it_was_full_of_foreign_filters()
    {
        Assert.All(EveryGroup, group =>
        {
            var step = PlanOne(group);
            var after = Apply(group, step);
            var subscribed = after.Filters.Any(f => SubscribePlanner.IsOurs(f.FilterName) && f.DestinationArn == Stream && f.Distribution == SubscriptionDistribution.Random && f.FilterPattern == "" && f.RoleArn == Role);
            var full = group.Filters.Count >= 2 && step.Action == SubscribeAction.SkipFilterLimit;
            Assert.True(subscribed || full, $"{step.Action}: {string.Join(", ", group.Filters)}");
            Assert.Equal(full, !subscribed);
        });
    }

    [Fact]
    public void Planning_again_after_applying_changes_nothing()
    {
        Assert.All(EveryGroup, group =>
        {
            var after = Apply(group, PlanOne(group));
            Assert.False(PlanOne(after).Changes);
        });
    }

    [Fact]
    public void Unsubscribing_after_subscribing_restores_the_foreign_filters_exactly()
    {
        Assert.All(EveryGroup, group =>
        {
            var subscribed = Apply(group, PlanOne(group));
            var removed = SubscribePlanner.PlanUnsubscribe([subscribed], destinationArn: null, NoExclusions)
                .Where(s => s.Changes)
                .Aggregate(subscribed, Apply);
            Assert.Equal(group.Filters.Where(f => !SubscribePlanner.IsOurs(f.FilterName)), removed.Filters);
        });
    }

    /// <summary>Every filter the rules can tell apart: ours or not, by the wanted name or not, into our stream or not, up to date or not.</summary>
    private static readonly SubscriptionFilter[] EveryFilter =
    [
        .. from name in new[] { "kinesisflow-flows", "kinesisflow-legacy", "splunk", "manual" }
           from pattern in new[] { "", "old" }
           from destination in new[] { Stream, OtherStream }
           from role in new[] { Role, "arn:aws:iam::123456789012:role/old" }
           from distribution in new SubscriptionDistribution?[] { SubscriptionDistribution.Random, SubscriptionDistribution.ByLogStream, null }
           select new SubscriptionFilter(name, "/vpc/a", pattern, destination, role, distribution, null),
    ];

    /// <summary>Every log group of zero, one or two filters with distinct names (CloudWatch Logs' limit is two): exhaustive.</summary>
    public static readonly LogGroupState[] EveryGroup =
    [
        new("/vpc/a", []),
        .. EveryFilter.Select(f => new LogGroupState("/vpc/a", [f])),
        .. from first in EveryFilter
           from second in EveryFilter
           where first.FilterName != second.FilterName
           select new LogGroupState("/vpc/a", [first, second]),
    ];

    private static SubscribeStep PlanOne(LogGroupState group) => Assert.Single(SubscribePlanner.PlanSubscribe(Target, [group], NoExclusions));

    /// <summary>What CloudWatch Logs does with a step: Put creates or overwrites by name, Delete removes by name.</summary>
    private static LogGroupState Apply(LogGroupState group, SubscribeStep step)
    {
        var filters = group.Filters.ToList();
        switch (step.Action)
        {
            case SubscribeAction.Create or SubscribeAction.Update:
                var put = new SubscriptionFilter(step.FilterName, group.LogGroupName, Target.FilterPattern, Target.DestinationArn, Target.RoleArn, Target.Distribution, null);
                var index = filters.FindIndex(f => f.FilterName == step.FilterName);
                if (index >= 0)
                {
                    filters[index] = put;
                }
                else
                {
                    filters.Add(put);
                }

                break;
            case SubscribeAction.Delete:
                filters.RemoveAll(f => f.FilterName == step.FilterName);
                break;
        }

        return group with { Filters = filters };
    }

    private static LogGroupState Group(string name, params SubscriptionFilter[] filters) =>
        new(name, [.. filters.Select(f => f with { LogGroupName = name })]);

    private static SubscriptionFilter Filter(string name, string destination, string pattern = "", SubscriptionDistribution? distribution = SubscriptionDistribution.Random) =>
        new(name, "", pattern, destination, Role, distribution, null);
}
