using System.Diagnostics;
using System.Text;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>What a finished <c>kinesisflow</c> process left behind.</summary>
public sealed record CliResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string Output => Encoding.UTF8.GetString(StandardOutput);

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the built <c>kinesisflow</c> executable (copied next to the tests by the project reference) as a user
/// would: a real process, arguments, optional stdin bytes, exit code, stdout bytes, stderr text.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static Task<CliResult> RunAsync(byte[]? standardInput, params string[] arguments) =>
        RunAsync(KinesisFlowExecutable.StartInfo(arguments), standardInput);

    /// <summary>Runs a prepared start (e.g. with a chosen environment); <paramref name="standardInput"/> is written then closed.</summary>
    public static async Task<CliResult> RunAsync(ProcessStartInfo start, byte[]? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start kinesisflow.");
        using var cancellation = new CancellationTokenSource(Timeout);
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellation.Token);
        var copyErr = process.StandardError.ReadToEndAsync(cancellation.Token);
        if (standardInput is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(standardInput, cancellation.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            await copyOut;
            return new CliResult(process.ExitCode, stdout.ToArray(), await copyErr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kinesisflow {string.Join(' ', start.ArgumentList.Skip(1))} did not finish within {Timeout}.");
        }
    }

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);
}
