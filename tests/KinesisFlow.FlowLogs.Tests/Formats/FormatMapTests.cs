using System.Text;

namespace KinesisFlow.FlowLogs.Tests.Formats;

public sealed class FormatMapTests
{
    private static readonly FlowLogFormat Custom = FlowLogFormat.Parse("version vpc-id srcaddr");

    [Fact]
    public void First_matching_pattern_wins_and_the_default_v2_format_applies_otherwise()
    {
        var map = FormatMap.FromJson("""
            {
              "/vpc/prod-legacy": "${version} ${account-id}",
              "/vpc/prod-*": "${version} ${vpc-id} ${srcaddr}",
              "/vpc/*": "${version}"
            }
            """u8);
        Assert.Equal("version account-id", map.Resolve("/vpc/prod-legacy").Text);
        Assert.Equal(Custom, map.Resolve("/vpc/prod-eu"));
        Assert.Equal(Custom, map.Resolve("/vpc/prod-"));
        Assert.Equal("version", map.Resolve("/vpc/staging").Text);
        Assert.Same(FlowLogFormat.DefaultV2, map.Resolve("/other"));
        Assert.Equal(["/vpc/prod-legacy", "/vpc/prod-*", "/vpc/*"], map.Entries.Select(e => e.Key));
    }

    [Theory]
    [InlineData("/vpc/*", "/vpc/a/b/c", true)]
    [InlineData("/vpc/*", "/vpc", false)]
    [InlineData("/vpc/?", "/vpc/a", true)]
    [InlineData("/vpc/?", "/vpc/é", true)]
    [InlineData("/vpc/?", "/vpc/ab", false)]
    [InlineData("*-flow-logs", "prod-flow-logs", true)]
    [InlineData("*-flow-logs", "prod-flow-logs-2", false)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b", "xxaxxbxxa", false)]
    [InlineData("/exact", "/exact", true)]
    [InlineData("/exact", "/exactly", false)]
    [InlineData("*", "", true)]
    public void Globs_match_log_group_names(string pattern, string logGroup, bool matches)
    {
        var glob = new LogGroupPattern(pattern);
        Assert.Equal(matches, glob.IsMatch(logGroup));
        Assert.Equal(matches, glob.IsMatch(Encoding.UTF8.GetBytes(logGroup)));
    }

    [Fact]
    public void A_bad_format_names_the_log_group_and_the_field()
    {
        var error = Assert.Throws<FlowLogFormatException>(() => FormatMap.FromJson("""{"/vpc/a": "${version} ${nope"}"""u8));
        Assert.Contains("/vpc/a", error.Message, StringComparison.Ordinal);
        Assert.Equal("${nope", error.FieldName);
    }

    [Fact]
    public void Kept_bad_entries_claim_their_log_groups_with_a_reason_while_the_others_resolve()
    {
        var map = FormatMap.FromJson("""{"/vpc/broken-*": "${version} ${version}", "/vpc/*": "${version} ${next-hop}"}"""u8, keepBadEntries: true);

        Assert.Null(map.Resolve("/vpc/broken-1"u8, out var problem));
        Assert.Contains("'/vpc/broken-*'", problem, StringComparison.Ordinal);
        Assert.Contains("appears twice", problem, StringComparison.Ordinal);
        Assert.Throws<FlowLogFormatException>(() => map.Resolve("/vpc/broken-1"));
        Assert.Equal("version next-hop", map.Resolve("/vpc/ok"u8, out problem)!.Text);
        Assert.Null(problem);
        Assert.Same(FlowLogFormat.DefaultV2, map.Resolve("/other"));
        Assert.Equal(["/vpc/*"], map.Entries.Select(e => e.Key));
        Assert.Equal(2, map.AllEntries.Count);
    }

    [Fact]
    public void Warnings_name_each_unknown_field_once_and_each_unusable_log_group()
    {
        var map = FormatMap.FromJson(
            """{"/vpc/a": "version next-hop", "/vpc/b": "next-hop srcaddr instance-tag", "/vpc/c": "${version"}"""u8, keepBadEntries: true);
        var warned = new HashSet<string>(StringComparer.Ordinal);

        var warnings = FormatWarnings.Describe(map, warned);

        Assert.Equal(3, warnings.Count);
        Assert.Contains("'next-hop' (format for log group '/vpc/a')", warnings[0], StringComparison.Ordinal);
        Assert.Contains("'instance-tag'", warnings[1], StringComparison.Ordinal);
        Assert.Contains("under 'instance_tag'", warnings[1], StringComparison.Ordinal);
        Assert.Contains("'/vpc/c'", warnings[2], StringComparison.Ordinal);
        Assert.Contains("unusable_format", warnings[2], StringComparison.Ordinal);
        Assert.Empty(FormatWarnings.Describe(map, warned));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"version\"")]
    [InlineData("{\"/vpc/a\": 3}")]
    [InlineData("{\"/vpc/a\": \"version\"")]
    [InlineData("not json")]
    public void A_file_of_another_shape_is_rejected_with_a_one_line_reason(string json)
    {
        var error = Assert.Throws<FlowLogFormatException>(() => FormatMap.FromJson(Encoding.UTF8.GetBytes(json)));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Single_and_default_maps_resolve_every_group_alike()
    {
        Assert.Same(Custom, FormatMap.Single(Custom).Resolve("/anything"));
        Assert.Same(FlowLogFormat.DefaultV2, FormatMap.Default.Resolve("/anything"));
    }
}
