using System.CommandLine;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>What every <c>destination</c> subcommand takes (name, region, endpoint, dry run) and how it reports failures.</summary>
internal sealed class DestinationOptions
{
    public Option<string> Name { get; } = new("--name")
    {
        Description = "The destination's name (unique per account and region).",
        HelpName = "NAME",
        Required = true,
        Validators = { result => CheckName(result) },
    };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Show what would change and change nothing." };

    public Option<string?> Region { get; } = new("--region")
    {
        Description = "AWS region of the destination; member accounts' log groups in this region can subscribe to it.",
        HelpName = "REGION",
    };

    public Option<Uri?> EndpointUrl { get; } = HttpUrlOption.Create("--endpoint-url", "CloudWatch Logs endpoint to use instead of the region's (a VPC endpoint or a local stand-in).");

    public void AddTo(Command command, bool dryRun = true)
    {
        command.Options.Add(Name);
        if (dryRun)
        {
            command.Options.Add(DryRun);
        }

        command.Options.Add(Region);
        command.Options.Add(AwsFlags.Profile());
        command.Options.Add(EndpointUrl);
    }

    /// <summary>Runs <paramref name="body"/> with a CloudWatch Logs client; an AWS or network failure is one line on stderr and exit 1.</summary>
    public async Task<int> RunAsync(
        ParseResult parseResult, string commandName, Func<CloudWatchLogsClient, TextWriter, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            using var logs = new CloudWatchLogsClient(new AwsClientOptions { Region = parseResult.GetValue(Region), ServiceUrl = parseResult.GetValue(EndpointUrl) });
            return await body(logs, parseResult.InvocationConfiguration.Output, cancellationToken);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or ArgumentException or InvalidOperationException)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"{commandName}: {e.Message}");
            return SubscribeRun.Failed;
        }
    }

    private static void CheckName(System.CommandLine.Parsing.OptionResult result)
    {
        var name = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (name.Length is 0 or > 512 || name.Contains(':', StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal))
        {
            result.AddError($"--name: '{name}' is not a destination name (1-512 characters, no ':' or '*').");
        }
    }
}
