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
    public void An_unknown_field_is_rejected_with_its_name()
    {
        var error = Assert.Throws<FlowLogFormatException>(() => FlowLogFormat.Parse("${version} ${vpc-idd} ${srcaddr}"));
        Assert.Equal("vpc-idd", error.FieldName);
        Assert.Contains("'vpc-idd'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version version", "version")]
    [InlineData("${srcaddr} srcaddr", "srcaddr")]
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
        Assert.Throws<FlowLogFormatException>(() => FlowLogFormat.Parse("Version"));
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
