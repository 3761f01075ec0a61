using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// The bash completion README.md documents, run as bash runs it: the function from the README, sourced in a real bash,
/// asks the real executable (a `kinesisflow` on the PATH) through the `[suggest]` directive and fills COMPREPLY.
/// </summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly TempDirectory _bin = new();

    public ShellCompletionTests()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var wrapper = _bin.File("kinesisflow");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{dotnet}' '{Path.Combine(AppContext.BaseDirectory, "kinesisflow.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData(new[] { "kinesisflow", "st" }, new[] { "status" })]
    [InlineData(new[] { "kinesisflow", "status", "--stream", "s", "--output", "" }, new[] { "json", "table" })]
    [InlineData(new[] { "kinesisflow", "decode", "--format", "o" }, new[] { "ocsf" })]
    [InlineData(new[] { "kinesisflow", "subscribe", "--distribution", "" }, new[] { "ByLogStream", "Random" })]
    [InlineData(new[] { "kinesisflow", "run", "--mode", "" }, new[] { "fanout", "polling" })]
    public async Task The_documented_bash_completion_offers_the_candidates(string[] words, string[] expected)
    {
        var function = DocSamples.Read(RepositoryRoot.File("README.md")).Single(s => s.Language == "bash" && s.Code.Contains("_kinesisflow_complete", StringComparison.Ordinal));
        var line = string.Join(' ', words);
        var script = $"""
            {function.Code}
            COMP_LINE='{line}'
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))})
            COMP_CWORD={words.Length - 1}
            _kinesisflow_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{_bin.Path}:{Environment.GetEnvironmentVariable("PATH")}";
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, error);
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _bin.Dispose();
}
