using System.Diagnostics;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// Every start-up failure an operator meets first, run as the real process: a configuration or usage error exits 2, a
/// failed start-up check exits 1, and either way stderr holds exactly one line that names what to fix (no stack trace).
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static readonly string ClosedEndpoint = ClosedLoopbackUrl();

    public static TheoryData<string> BadSettings => [.. BadSettingCases.Keys];

    /// <summary>Each case: extra environment, arguments after `run --stream flows`, and words the one line must hold.</summary>
    private static Dictionary<string, (Dictionary<string, string?> Environment, string[] Arguments, string[] Mentions)> BadSettingCases => new()
    {
        ["no region"] = (new() { ["AWS_REGION"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_CONFIG_FILE"] = "{temp}/no-config" }, [], ["KinesisFlow:Kinesis:Region", "--region", "AWS_REGION"]),
        ["malformed formats file"] = (new(), ["--formats", "{temp}/bad.json"], ["KinesisFlow:FlowLogs:FormatsFile", "--formats", "bad.json", "not valid JSON"]),
        ["formats file with a format that cannot be parsed"] = (new(), ["--formats", "{temp}/unparsable.json"], ["--formats", "unparsable.json", "'/vpc/*'", "${srcaddr"]),
        ["not a number"] = (new() { ["KINESISFLOW__Pipeline__ReadAhead"] = "abc" }, [], ["KinesisFlow:Pipeline:ReadAhead", "KINESISFLOW__Pipeline__ReadAhead", "'abc'", "whole number"]),
        ["unknown mode"] = (new(), ["--mode", "turbo"], ["KinesisFlow:Kinesis:Mode", "--mode", "'turbo'", "polling, fanout"]),
        ["malformed duration"] = (new() { ["KINESISFLOW__Pipeline__DrainTimeout"] = "5x" }, [], ["KinesisFlow:Pipeline:DrainTimeout", "'5x'", "hh:mm:ss"]),
        ["lease shorter than three renewals"] = (new() { ["KINESISFLOW__Leases__LeaseDuration"] = "00:00:01" }, [], ["KinesisFlow:Leases:LeaseDuration", "00:00:01", "RenewInterval"]),
        ["renewal not a third of the lease"] = (new() { ["KINESISFLOW__Leases__RenewInterval"] = "00:00:05" }, [], ["Leases:RenewInterval", "00:00:05", "a third"]),
        ["file sink that cannot be written"] = (new(), ["--sink", "file:{temp}/a-file/events.ndjson"], ["--sink", "a-file/events.ndjson", "cannot append"]),
        ["dead-letter file that cannot be written"] = (new() { ["KINESISFLOW__Sinks__DeadLetter__Path"] = "{temp}/a-file/dead.ndjson" }, [], ["KinesisFlow:Sinks:DeadLetter:Path", "a-file/dead.ndjson"]),
        ["unknown sink kind"] = (new(), ["--sink", "kafka:topic"], ["--sink", "unknown kind 'kafka'", "stdout"]),
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_exits_2_with_one_line_naming_it(string name)
    {
        await File.WriteAllTextAsync(_temp.File("bad.json"), "{bad");
        await File.WriteAllTextAsync(_temp.File("unparsable.json"), """{"/vpc/*": "${version} ${srcaddr"}""");
        await File.WriteAllTextAsync(_temp.File("a-file"), "a file where a folder is needed");
        var (environment, arguments, mentions) = BadSettingCases[name];
        var start = Start(["run", "--stream", "flows", "--endpoint-url", ClosedEndpoint, "--dynamodb-endpoint-url", ClosedEndpoint, .. arguments.Select(Expand)]);
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value is null ? null : Expand(value);
        }

        if (name == "no region")
        {
            // Without an explicit endpoint the region decides where to go; with none anywhere the start must stop.
            start.ArgumentList.Clear();
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kinesisflow.dll"));
            foreach (var word in new[] { "run", "--stream", "flows" })
            {
                start.ArgumentList.Add(word);
            }
        }

        var result = await CliProcess.RunAsync(start);

        AssertOneLine(result, 2, "run: ", mentions);
    }

    [Fact]
    public async Task Missing_credentials_exit_1_with_one_line_saying_where_they_were_looked_for()
    {
        var start = Start(["run", "--stream", "flows", "--endpoint-url", ClosedEndpoint, "--dynamodb-endpoint-url", ClosedEndpoint]);
        foreach (var variable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["AWS_CONFIG_FILE"] = _temp.File("no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = _temp.File("no-credentials");

        var result = await CliProcess.RunAsync(start);

        AssertOneLine(result, 1, "run: ", ["credentials", "AWS_ACCESS_KEY_ID", "AWS_PROFILE"]);
    }

    [Fact]
    public async Task Nothing_listening_at_the_endpoint_exits_1_with_one_line_naming_it()
    {
        var result = await CliProcess.RunAsync(Start(["run", "--stream", "flows", "--endpoint-url", ClosedEndpoint, "--dynamodb-endpoint-url", ClosedEndpoint]));

        AssertOneLine(result, 1, "run: ", ["stream 'flows'", "cannot reach", new Uri(ClosedEndpoint).Authority, "--endpoint-url"]);
    }

    [Fact]
    public async Task A_misspelt_setting_is_a_warning_naming_the_closest_one()
    {
        var start = Start(["run", "--stream", "flows", "--endpoint-url", ClosedEndpoint, "--dynamodb-endpoint-url", ClosedEndpoint]);
        start.Environment["KINESISFLOW__Kinesis__StreaName"] = "flows";

        var result = await CliProcess.RunAsync(start);

        Assert.Equal(1, result.ExitCode);
        var warning = Assert.Single(result.ErrorLines, line => line.Contains("StreaName", StringComparison.Ordinal));
        Assert.Contains("did you mean KinesisFlow:Kinesis:StreamName", warning, StringComparison.Ordinal);
        Assert.Contains("warn", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_outside_a_checkout_exits_1_with_one_line()
    {
        var start = Start(["demo", "--output-dir", _temp.File("demo")]);
        start.Environment["KINESISFLOW_EMULATORS_DIR"] = _temp.Path;

        var result = await CliProcess.RunAsync(start);

        AssertOneLine(result, 1, "demo: ", ["emulators folder", "package.json"]);
    }

    [Fact]
    public async Task The_demo_without_node_exits_1_with_one_line()
    {
        var start = Start(["demo", "--output-dir", _temp.File("demo")]);
        start.Environment["PATH"] = _temp.Path; // neither node nor npm
        start.Environment.Remove("KINESISFLOW_NODE");

        var result = await CliProcess.RunAsync(start);

        AssertOneLine(result, 1, "demo: ", ["Node.js", "PATH"]);
    }

    [Fact]
    public async Task A_mistyped_command_prints_one_line_with_the_closest_command()
    {
        var result = await CliProcess.RunAsync("stauts");

        AssertOneLine(result, 2, "kinesisflow: ", ["'stauts'", "did you mean 'status'"]);
        Assert.Empty(result.Output);
    }

    public void Dispose() => _temp.Dispose();

    private static void AssertOneLine(CliResult result, int exitCode, string prefix, string[] mentions)
    {
        var line = Assert.Single(result.ErrorLines);
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}: {line}");
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, line, StringComparison.Ordinal);
        }
    }

    private static ProcessStartInfo Start(string[] arguments) => KinesisFlowExecutable.StartInfo(arguments).WithEmulatorCredentials();

    private string Expand(string value) => value.Replace("{temp}", _temp.Path, StringComparison.Ordinal);

    // A port nobody listens on: connecting is refused at once.
    private static string ClosedLoopbackUrl() => $"http://127.0.0.1:{FreeLoopbackPort.Pick()}/";
}
