using KinesisFlow.Consumer.Tests.Support;

namespace KinesisFlow.Consumer.Tests.Configuration;

/// <summary>A bad <c>KinesisFlow:Filters</c> setting stops <c>kinesisflow run</c> at start-up, naming the setting.</summary>
public sealed class FilterConfigurationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("KINESISFLOW__Filters__IncludeActions__0", "allow", "KinesisFlow:Filters:IncludeActions")]
    [InlineData("KINESISFLOW__Filters__ExcludeActions__0", "DROP", "KinesisFlow:Filters:ExcludeActions")]
    [InlineData("KINESISFLOW__Filters__ExcludeLogGroups__0", " ", "KinesisFlow:Filters:ExcludeLogGroups:0")]
    public async Task A_bad_filter_setting_fails_the_start_naming_it(string variable, string value, string key)
    {
        await using var run = KinesisFlowProcess.Start(new Dictionary<string, string> { [variable] = value }, "run", "--stream", "s");
        await run.WaitForExitAsync(Timeout);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(key, run.Log, StringComparison.Ordinal);
    }
}
