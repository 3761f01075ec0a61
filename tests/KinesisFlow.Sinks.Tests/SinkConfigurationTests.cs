using KinesisFlow.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Sinks.Tests;

public sealed class SinkConfigurationTests : IDisposable
{
    private readonly TempDirectory _directory = new("kinesisflow-sink-config");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Configured_specs_become_named_sinks_and_the_distinct_formats_are_listed()
    {
        await using var provider = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "stdout+ecs",
            ["KinesisFlow:Sinks:Specs:1"] = $"file:{_directory.File("flows.ndjson")}",
            ["KinesisFlow:Sinks:Specs:2"] = "http+ecs:https://logs.example.com/in?token=hidden",
            ["KinesisFlow:Sinks:Specs:3"] = "sekoia:fra2",
            ["KinesisFlow:Sinks:Sekoia:IntakeKey"] = "key-from-config",
            ["KinesisFlow:Sinks:DeadLetter:Path"] = _directory.File("dead.ndjson"),
        });

        var set = provider.GetRequiredService<SinkSet>();

        Assert.Equal(
            ["stdout", $"file:{_directory.File("flows.ndjson")}", "http:https://logs.example.com/in", "sekoia:https://fra2.app.sekoia.io/api/v1/intake-http/"],
            set.Sinks.Select(sink => sink.Name));
        Assert.Equal(["ecs", "json", "sekoia"], set.Formats);
        Assert.DoesNotContain(set.Sinks, sink => sink.Name.Contains("hidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_original_is_off_unless_configured()
    {
        await using var configured = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "stdout+ecs",
            ["KinesisFlow:Sinks:EventOriginal"] = "true",
            ["KinesisFlow:Sinks:DeadLetter:Path"] = _directory.File("dead-1.ndjson"),
        });
        await using var unconfigured = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "stdout+ecs",
            ["KinesisFlow:Sinks:DeadLetter:Path"] = _directory.File("dead-2.ndjson"),
        });

        Assert.True(configured.GetRequiredService<SinkSet>().OutputOptions.EventOriginal);
        Assert.False(unconfigured.GetRequiredService<SinkSet>().OutputOptions.EventOriginal);
    }

    [Fact]
    public void No_configured_spec_means_stdout()
    {
        var options = new SinkOptions();

        Assert.Equal([new SinkSpec(SinkKind.Stdout, null, "json")], options.ParsedSpecs());
    }

    [Theory]
    [InlineData("Specs:0", "ftp:x", "KinesisFlow:Sinks:Specs (--sink): Sink 'ftp:x': unknown kind 'ftp'")]
    [InlineData("Specs:0", "sekoia", "KinesisFlow:Sinks:Sekoia:IntakeKey (or the SEKOIA_INTAKE_KEY environment variable) is required")]
    [InlineData("Http:Body", "xml", "KinesisFlow:Sinks:Http:Body must be 'ndjson' or 'array'")]
    [InlineData("Http:MaxRequestsInFlight", "0", "KinesisFlow:Sinks:Http:MaxRequestsInFlight must be between 1 and 256")]
    [InlineData("Http:Linger", "-00:00:01", "KinesisFlow:Sinks:Http:Linger must not be negative")]
    [InlineData("File:MaxFileBytes", "-1", "KinesisFlow:Sinks:File:MaxFileBytes must be 0")]
    [InlineData("DeadLetter:Path", " ", "KinesisFlow:Sinks:DeadLetter:Path must name a file")]
    public void A_bad_setting_stops_the_start_with_a_message_naming_it(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["KinesisFlow:Sinks:Specs:0"] = "http:https://logs.example.com/in",
            [$"KinesisFlow:Sinks:{key}"] = value,
        };
        using var provider = Services(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);

        Assert.Contains(failure.Failures, message => message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_sinks_cannot_append_to_one_file()
    {
        using var provider = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "file:flows.ndjson",
            ["KinesisFlow:Sinks:Specs:1"] = "file+ecs:./flows.ndjson",
            ["KinesisFlow:Sinks:Specs:2"] = "file:dead.ndjson",
            ["KinesisFlow:Sinks:DeadLetter:Path"] = "dead.ndjson",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);

        Assert.Contains(failure.Failures, message => message.Contains("'./flows.ndjson' is used by another file sink", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, message => message.Contains("'dead.ndjson' is used by another file sink or by KinesisFlow:Sinks:DeadLetter:Path", StringComparison.Ordinal));
    }

    [Fact]
    public void Raw_lines_cannot_be_array_elements()
    {
        using var provider = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "http+raw:https://logs.example.com/in",
            ["KinesisFlow:Sinks:Http:Body"] = "array",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);

        Assert.Contains(failure.Failures, message => message.Contains("needs a JSON output format", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_values_are_never_echoed_in_validation_messages()
    {
        using var provider = Services(new()
        {
            ["KinesisFlow:Sinks:Specs:0"] = "http:https://logs.example.com/in",
            ["KinesisFlow:Sinks:Http:Headers:Bad Name"] = "Bearer very-secret",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);

        Assert.Contains(failure.Failures, message => message.Contains("'Bad Name' has an invalid name or value", StringComparison.Ordinal));
        Assert.DoesNotContain("very-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_intake_key_stays_out_of_the_options_text()
    {
        var options = new SekoiaSinkOptions { IntakeKey = "do-not-print" };

        Assert.DoesNotContain("do-not-print", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raw", "DefaultV2", EventEncoding.Text)]
    [InlineData("json", "DefaultV2", EventEncoding.Json)]
    [InlineData("ecs", "DefaultV2", EventEncoding.Json)]
    [InlineData("sekoia", "DefaultV2", EventEncoding.Text)]
    [InlineData("sekoia", "DefaultV2WithV5Fields", EventEncoding.Text)]
    [InlineData("sekoia", "TransitGatewayDefault", EventEncoding.Json)]
    [InlineData("sekoia", "custom", EventEncoding.Json)]
    public void Sekoia_sends_raw_lines_only_for_the_layouts_its_parser_knows(string format, string layout, EventEncoding expected)
    {
        var logFormat = layout switch
        {
            "DefaultV2" => FlowLogs.FlowLogFormat.DefaultV2,
            "DefaultV2WithV5Fields" => FlowLogs.FlowLogFormat.DefaultV2WithV5Fields,
            "TransitGatewayDefault" => FlowLogs.FlowLogFormat.TransitGatewayDefault,
            _ => FlowLogs.FlowLogFormat.Parse("${version} ${vpc-id} ${srcaddr} ${dstaddr} ${action}"),
        };

        Assert.Equal(expected, OutputFormats.EncodingOf(format, logFormat));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddKinesisFlowSinks(configuration);
        return services.BuildServiceProvider();
    }
}
