namespace KinesisFlow.Cli.Tests;

/// <summary>
/// A command line that does not parse is a usage error in every command: exit code 2 and one line on stderr naming the
/// command and what is wrong (allowed values listed), not the parser's errors followed by the whole help.
/// </summary>
public sealed class UsageErrorTests
{
    public static TheoryData<string[], string> Cases => new()
    {
        { ["status"], "kinesisflow status: Option '--stream' is required; Option '--lease-table' is required" },
        { ["status", "--stream", "s", "--lease-table", "t", "--output", "xml"], "--output: 'xml' is not one of table, json" },
        { ["status", "--stream", "s", "--lease-table", "t", "--json", "--output", "table"], "--json is --output json" },
        {
            ["subscribe", "--distribution", "evenly", "--destination-arn", "arn:aws:kinesis:eu-west-1:123456789012:stream/s", "--role-arn", "arn:aws:iam::123456789012:role/r", "--log-group", "/vpc/a"],
            "--distribution: 'evenly' is not one of ByLogStream, Random"
        },
        { ["destination", "show", "--nmae", "x"], "kinesisflow destination show: " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Exits_2_with_one_line_naming_the_problem(string[] arguments, string expected)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.EndsWith($"(`kinesisflow {string.Join(' ', arguments.TakeWhile(a => !a.StartsWith('-')))} --help` shows the usage)", line, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Help_of_an_incomplete_command_line_is_still_the_help()
    {
        var result = await CliProcess.RunAsync("status", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--output <table|json>", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.StandardError);
    }
}
