using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow status --stream NAME --lease-table NAME [--endpoint-url URL] [--dynamodb-endpoint-url URL]
/// [--region REGION] [--output table|json] [--watch [--interval SECONDS]]</c>: who owns which shard, where its checkpoint is, how far
/// behind its owner last said it was, from the lease table and the stream's shard list. Exit code 0, or 1 when the
/// stream or the table cannot be read (the reason on stderr).
/// </summary>
internal static class StatusCommand
{
    private const string Table = "table";
    private const string Json = "json";

    public static Command Create()
    {
        var stream = new Option<string>("--stream") { Description = "The Kinesis stream the consumers read.", HelpName = "NAME", Required = true };
        var leaseTable = new Option<string>("--lease-table") { Description = "The DynamoDB lease table the consumers share.", HelpName = "NAME", Required = true };
        var endpointUrl = HttpUrlOption.Create("--endpoint-url", "Kinesis endpoint to use instead of the region's (e.g. a local emulator).");
        var dynamoDbEndpointUrl = HttpUrlOption.Create("--dynamodb-endpoint-url", "DynamoDB endpoint to use instead of the region's (e.g. a local emulator).");
        var region = AwsFlags.Region();
        var output = ChoiceOption.Create("--output", "table for people, json for scripts (one object; one line per refresh with --watch).", Table, Table, Json);
        var json = new Option<bool>("--json") { Description = "Same as --output json." };
        var watch = new Option<bool>("--watch") { Description = "Refresh until interrupted; lease renewal ages appear from the second refresh." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between refreshes with --watch.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 5,
        };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0.5 and <= 3600))
            {
                result.AddError("--interval must be between 0.5 and 3600 seconds.");
            }
        });

        var command = new Command("status", "Show shard owners, checkpoints and lag from the lease table.")
        {
            stream,
            leaseTable,
            endpointUrl,
            dynamoDbEndpointUrl,
            region,
            AwsFlags.Profile(),
            output,
            json,
            watch,
            interval,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetResult(output) is { Implicit: false } && result.GetValue(output) != Json)
            {
                result.AddError("--json is --output json; it cannot be given with --output table.");
            }
        });
        command.WithExamples(
            new("Who owns which shard, and how far behind each is", "kinesisflow status --stream flow-logs --lease-table kinesisflow-leases --region eu-west-1"),
            new("The same for a script, refreshed every 10 seconds", "kinesisflow status --stream flow-logs --lease-table kinesisflow-leases --output json --watch --interval 10"));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new StatusSettings(
                parseResult.GetRequiredValue(stream),
                parseResult.GetRequiredValue(leaseTable),
                parseResult.GetValue(endpointUrl),
                parseResult.GetValue(dynamoDbEndpointUrl),
                parseResult.GetValue(region),
                parseResult.GetValue(json) || parseResult.GetValue(output) == Json,
                parseResult.GetValue(watch),
                TimeSpan.FromSeconds(parseResult.GetValue(interval)));
            await using var stdout = Console.OpenStandardOutput();
            return await StatusRunner.RunAsync(settings, stdout, Console.Error, cancellationToken);
        });
        return command;
    }
}
