using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>Runs the built <c>kinesisflow</c> as a child process with the emulators' dummy credentials.</summary>
internal static class StatusProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments) =>
        KinesisFlowExecutable.StartInfo(arguments).WithEmulatorCredentials();

    /// <summary>Runs to completion (bounded) and returns the exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        using var timeout = new CancellationTokenSource(RunTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kinesisflow {string.Join(' ', arguments)} did not exit within {RunTimeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
