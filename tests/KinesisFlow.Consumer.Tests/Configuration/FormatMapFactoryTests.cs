using KinesisFlow.Consumer.Configuration;
using KinesisFlow.FlowLogs;

namespace KinesisFlow.Consumer.Tests.Configuration;

/// <summary>
/// The run's format map: configured formats first, discovered ones after. A discovered format that cannot be parsed
/// never stops the service: its log group's records are dead-lettered instead, and every other log group decodes.
/// </summary>
public sealed class FormatMapFactoryTests
{
    [Fact]
    public void A_discovered_format_that_cannot_be_parsed_becomes_a_dead_letter_entry_and_new_fields_are_kept()
    {
        var options = new FlowLogsOptions { Formats = new(StringComparer.Ordinal) { ["/vpc/configured"] = "${version} ${srcaddr}" } };
        var discovered = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/vpc/broken"] = "${version} ${srcaddr",
            ["/vpc/newer"] = "${version} ${srcaddr} ${next-hop}",
            ["/vpc/configured"] = "${version}",
        };

        var formats = new FlowLogFormats(options);
        formats.AddDiscovered(discovered);
        var map = formats.Current;

        Assert.Null(map.Resolve("/vpc/broken"u8, out var problem));
        Assert.Contains("'/vpc/broken'", problem, StringComparison.Ordinal);
        Assert.Equal(["next-hop"], map.Resolve("/vpc/newer").UnknownFields);
        Assert.Equal("version srcaddr", map.Resolve("/vpc/configured").Text); // configuration wins
        Assert.Same(FlowLogFormat.DefaultV2, map.Resolve("/vpc/other"));
        var warnings = FormatWarnings.Describe(map);
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public void Configured_formats_that_cannot_be_parsed_still_throw_naming_the_log_group()
    {
        var options = new FlowLogsOptions { Formats = new(StringComparer.Ordinal) { ["/vpc/bad"] = "${}" } };

        var error = Assert.Throws<FlowLogFormatException>(() => FormatMapFactory.Create(options));
        Assert.Contains("'/vpc/bad'", error.Message, StringComparison.Ordinal);
    }
}
