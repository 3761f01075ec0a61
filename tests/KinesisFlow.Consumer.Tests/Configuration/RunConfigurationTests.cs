using KinesisFlow.Consumer.Tests.Support;

namespace KinesisFlow.Consumer.Tests.Configuration;

/// <summary>A bad setting stops <c>kinesisflow run</c> before it touches AWS, with a message naming the setting.</summary>
public sealed class RunConfigurationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("KinesisFlow:Kinesis:StreamName", "--sink", "stdout")]
    [InlineData("KinesisFlow:Kinesis:InitialPosition", "--stream", "s", "--initial-position", "yesterday")]
    [InlineData("KinesisFlow:Kinesis:Mode", "--stream", "s", "--mode", "carrier-pigeon")]
    [InlineData("KinesisFlow:Kinesis:EndpointUrl", "--stream", "s", "--endpoint-url", "not a url")]
    [InlineData("KinesisFlow:Leases:TableName", "--stream", "s", "--lease-table", "x")]
    [InlineData("KinesisFlow:FlowLogs:LogFormat", "--stream", "s", "--log-format", "${version} ${srcaddr")]
    public async Task A_bad_setting_fails_the_start_naming_it(string key, params string[] arguments)
    {
        await using var run = await KinesisFlowProcess.RunAsync(Timeout, ["run", .. arguments]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(key, run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_formats_file_entry_that_cannot_be_parsed_fails_the_start_on_one_line_naming_the_log_group()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kinesisflow-formats-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"/vpc/ok": "${version} ${next-hop}", "/vpc/prod-*": "${version} ${srcaddr"}""");
        try
        {
            await using var run = await KinesisFlowProcess.RunAsync(Timeout, "run", "--stream", "s", "--formats", file);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains(run.Log.Split('\n'), line => line.Contains("'/vpc/prod-*'", StringComparison.Ordinal) && line.Contains("${srcaddr", StringComparison.Ordinal));
            Assert.DoesNotContain("/vpc/ok", run.Log, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_formats_setting_that_cannot_be_parsed_fails_the_start_naming_the_log_group()
    {
        await using var run = KinesisFlowProcess.Start(new Dictionary<string, string> { ["KINESISFLOW__FlowLogs__Formats__prod"] = "${version} ${}" }, "run", "--stream", "s");
        await run.WaitForExitAsync(Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("FlowLogs:Formats:prod", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_sink_spec_fails_the_start_naming_it()
    {
        await using var run = await KinesisFlowProcess.RunAsync(Timeout, "run", "--stream", "s", "--sink", "carrier-pigeon:x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("carrier-pigeon", run.Log, StringComparison.Ordinal);
    }
}
