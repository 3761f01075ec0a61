using System.Diagnostics;

namespace KinesisFlow.TestKit;

/// <summary>
/// How tests start the built <c>kinesisflow</c> executable (copied next to each test assembly by its project
/// reference) as a real child process, the way a user runs it.
/// </summary>
public static class KinesisFlowExecutable
{
    /// <summary>A start for <c>kinesisflow ARGUMENTS</c> with stdin, stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kinesisflow.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Gives the process only the emulators' dummy credentials: never a developer's profile or real keys.</summary>
    public static ProcessStartInfo WithEmulatorCredentials(this ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
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
}
