using System.Diagnostics;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>Runs the built <c>kinesisflow</c> as a child process with the emulators' dummy credentials.</summary>
internal static class StatusProcess
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kinesisflow.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the emulators' dummy credentials: never a developer's profile or real keys.
        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = EmulatorCredentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = EmulatorCredentials.SecretAccessKey;
        start.Environment["AWS_REGION"] = EmulatorCredentials.Region;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        return start;
    }

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
