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
    [InlineData("KinesisFlow:FlowLogs:LogFormat", "--stream", "s", "--log-format", "${version} ${no-such-field}")]
    public async Task A_bad_setting_fails_the_start_naming_it(string key, params string[] arguments)
    {
        await using var run = await KinesisFlowProcess.RunAsync(Timeout, ["run", .. arguments]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(key, run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_sink_spec_fails_the_start_naming_it()
    {
        await using var run = await KinesisFlowProcess.RunAsync(Timeout, "run", "--stream", "s", "--sink", "carrier-pigeon:x");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("carrier-pigeon", run.Log, StringComparison.Ordinal);
    }
}
