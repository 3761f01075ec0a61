using KinesisFlow.FlowLogs.Tests.Support;

namespace KinesisFlow.FlowLogs.Tests.Formats;

public sealed class FlowLogFormatTests
{
    [Fact]
    public void Parses_the_aws_console_spelling_and_plain_names_alike()
    {
        var dollar = FlowLogFormat.Parse("${version} ${vpc-id} ${srcaddr}");
        var plain = FlowLogFormat.Parse("version vpc-id  srcaddr\n");
        var mixed = FlowLogFormat.Parse("${version} vpc-id ${srcaddr}");
        FlowField[] expected = [FlowField.Version, FlowField.VpcId, FlowField.SrcAddr];
        Assert.Equal(expected, dollar.Fields.ToArray());
        Assert.Equal(dollar, plain);
        Assert.Equal(dollar, mixed);
        Assert.Equal("version vpc-id srcaddr", dollar.Text);
        Assert.Equal(1, dollar.IndexOf(FlowField.VpcId));
        Assert.Equal(-1, dollar.IndexOf(FlowField.Bytes));
    }

    [Fact]
    public void A_field_this_version_does_not_know_is_kept_as_a_string_under_its_own_name()
    {
        var format = FlowLogFormat.Parse("${version} ${next-hop} ${srcaddr} ${instance_tag_name}");

        Assert.Equal([FlowField.Version, FlowField.Unknown, FlowField.SrcAddr, FlowField.Unknown], format.Fields.ToArray());
        Assert.Equal(["next-hop", "instance_tag_name"], format.UnknownFields);
        Assert.Equal("next_hop", format.InfoAt(1).Key);
        Assert.Equal(FlowValueKind.String, format.InfoAt(1).Kind);
        Assert.True(format.InfoAt(3).IsUnknown);
        Assert.Equal(-1, format.IndexOf(FlowField.Unknown));
        Assert.Equal(2, format.IndexOf(FlowField.SrcAddr));
        Assert.Equal("version next-hop srcaddr instance_tag_name", format.Text);
    }

    [Fact]
    public void Underscore_spellings_are_the_same_fields()
    {
        var underscores = FlowLogFormat.Parse("${version} ${account_id} ${pkt_srcaddr} ${log_status} ${ecs_cluster_name}");

        Assert.Equal(FlowLogFormat.Parse("version account-id pkt-srcaddr log-status ecs-cluster-name"), underscores);
        Assert.Empty(underscores.UnknownFields);
        Assert.Equal("version account-id pkt-srcaddr log-status ecs-cluster-name", underscores.Text);
    }

    [Theory]
    [InlineData("${version} ${srcaddr", "${srcaddr")] // unbalanced
    [InlineData("${version} ${}", "${}")]
    [InlineData("version src/addr", "src/addr")]
    [InlineData("version {srcaddr}", "{srcaddr}")]
    public void A_token_that_is_not_a_field_name_cannot_be_parsed(string format, string token)
    {
        var error = Assert.Throws<FlowLogFormatException>(() => FlowLogFormat.Parse(format));
        Assert.Equal(token, error.FieldName);
        Assert.Contains($"'{token}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version version", "version")]
    [InlineData("${srcaddr} srcaddr", "srcaddr")]
    [InlineData("account-id ${account_id}", "account_id")]
    [InlineData("next-hop next_hop", "next_hop")]
    public void A_repeated_field_is_rejected_with_its_name(string format, string field)
    {
        var error = Assert.Throws<FlowLogFormatException>(() => FlowLogFormat.Parse(format));
        Assert.Equal(field, error.FieldName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_format_is_rejected(string format)
    {
        Assert.Throws<FlowLogFormatException>(() => FlowLogFormat.Parse(format));
        Assert.False(FlowLogFormat.TryParse(format, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Field_names_are_case_sensitive_as_aws_writes_them()
    {
        var format = FlowLogFormat.Parse("Version");

        Assert.False(format.Contains(FlowField.Version));
        Assert.Equal(["Version"], format.UnknownFields);
    }

    [Fact]
    public void The_builtin_formats_match_the_aws_documentation()
    {
        using var docs = TestFiles.Json("aws-docs-flowlog-examples.json");
        Assert.Equal(docs.RootElement.GetProperty("default_v2_format").GetString(), FlowLogFormat.DefaultV2.Text);
        Assert.Equal(
            docs.RootElement.GetProperty("transit_gateway_default_format").GetProperty("format").GetString(),
            FlowLogFormat.TransitGatewayDefault.Text);
        Assert.Equal(14 + 15, FlowLogFormat.DefaultV2WithV5Fields.Count);
        Assert.StartsWith(FlowLogFormat.DefaultV2.Text + " vpc-id", FlowLogFormat.DefaultV2WithV5Fields.Text, StringComparison.Ordinal);
        Assert.False(FlowLogFormat.TransitGatewayDefault.Contains(FlowField.Action));
    }
}
