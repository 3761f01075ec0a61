using System.CommandLine;
using System.Globalization;
using KinesisFlow.Aws;
using KinesisFlow.FlowLogs;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow produce --stream NAME [--count N | --rate N | --duration D] [--log-format FORMAT] ...</c>: the load
/// generator. Writes realistic CloudWatch Logs subscription data (gzip'd DATA_MESSAGE batches of flow logs per log
/// stream, an occasional CONTROL_MESSAGE) into the stream. Exit code 0 when done, 2 for a usage error.
/// </summary>
internal static class ProduceCommand
{
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var stream = new Option<string>("--stream") { Description = "The Kinesis stream to write to.", HelpName = "NAME", Required = true };
        var region = AwsFlags.Region();
        var endpoint = new Option<string?>("--endpoint-url") { Description = "Kinesis endpoint (a local emulator).", HelpName = "URL" };
        var count = new Option<long?>("--count") { Description = "Stop after at least N flow lines (whole batches).", HelpName = "N" };
        var rate = new Option<double?>("--rate") { Description = "Flow lines per second (default: as fast as the stream takes them).", HelpName = "N" };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long (e.g. 00:01:00).", HelpName = "DURATION" };
        var logFormat = new Option<string?>("--log-format") { Description = "Flow log format of the lines ('${version} ${account-id} ...'); default v2.", HelpName = "FORMAT" };
        var logGroup = new Option<string>("--log-group") { Description = "Log group named in the envelopes.", HelpName = "NAME", DefaultValueFactory = _ => "/aws/vpc/flow-logs" };
        var perRecord = new Option<string>("--events-per-record") { Description = "Flow lines per record: N or MIN-MAX.", HelpName = "N|MIN-MAX", DefaultValueFactory = _ => "50-500" };
        var controlRatio = new Option<double>("--control-ratio") { Description = "Share of records that are CONTROL_MESSAGEs.", HelpName = "RATIO", DefaultValueFactory = _ => 0.01 };
        var logStreams = new Option<int>("--log-streams") { Description = "Distinct log streams, hence partition keys.", HelpName = "N", DefaultValueFactory = _ => 48 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the generator (default: random).", HelpName = "N" };
        var manifest = new Option<string?>("--manifest") { Description = "Write every event's id, partition key, shard and sequence number here (NDJSON).", HelpName = "PATH" };

        var command = new Command("produce", "Write realistic flow-log data into a stream (load generator).")
        {
            stream, region, AwsFlags.Profile(), endpoint, count, rate, duration, logFormat, logGroup, perRecord, controlRatio, logStreams, seed, manifest,
        };
        command.WithExamples(
            new("One minute of 5,000 flow lines per second into a test stream", "kinesisflow produce --stream flow-logs-test --region eu-west-1 --rate 5000 --duration 00:01:00"),
            new("100,000 lines into a local emulator, recording where each event went", "kinesisflow produce --stream flows --endpoint-url http://127.0.0.1:4567 --count 100000 --manifest sent.ndjson"));
        command.SetAction(async (parseResult, cancellation) =>
        {
            if (!TryEventsPerRecord(parseResult.GetValue(perRecord)!, out var min, out var max))
            {
                await Console.Error.WriteLineAsync("produce: --events-per-record must be N or MIN-MAX with 1 <= MIN <= MAX.");
                return ExitUsage;
            }

            FlowLogFormat format;
            try
            {
                format = parseResult.GetValue(logFormat) is { } text ? FlowLogFormat.Parse(text) : FlowLogFormat.DefaultV2;
            }
            catch (FlowLogFormatException exception)
            {
                await Console.Error.WriteLineAsync($"produce: --log-format: {exception.Message}");
                return ExitUsage;
            }

            var settings = new ProduceSettings
            {
                StreamName = parseResult.GetValue(stream)!,
                Region = parseResult.GetValue(region),
                EndpointUrl = parseResult.GetValue(endpoint),
                Count = parseResult.GetValue(count),
                Rate = parseResult.GetValue(rate),
                Duration = parseResult.GetValue(duration),
                Format = format,
                LogGroup = parseResult.GetValue(logGroup)!,
                MinEventsPerRecord = min,
                MaxEventsPerRecord = max,
                ControlMessageRatio = parseResult.GetValue(controlRatio),
                LogStreams = parseResult.GetValue(logStreams),
                Seed = parseResult.GetValue(seed) ?? Environment.TickCount,
                ManifestPath = parseResult.GetValue(manifest),
            };
            return await RunAsync(settings, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(ProduceSettings settings, CancellationToken cancellation)
    {
        var options = new AwsClientOptions { Region = settings.Region, ServiceUrl = settings.EndpointUrl is { } url ? new Uri(url) : null };
        using var client = new KinesisClient(options, TimeProvider.System);
        using var manifest = settings.ManifestPath is { } path ? new ProduceManifest(File.Create(path)) : null;
        var runner = new ProduceRunner(client, settings, TimeProvider.System);
        try
        {
            await runner.RunAsync(manifest, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: report what was written.
        }
        catch (AwsServiceException exception)
        {
            await Console.Error.WriteLineAsync($"produce: {exception.ErrorCode}: {exception.ServiceMessage}");
            return 1;
        }

        var totals = runner.Totals;
        await Console.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"produce: {totals.Records} records ({totals.ControlMessages} control messages), {totals.Events} flow lines, {totals.Bytes} bytes to {settings.StreamName}; {totals.Retries} throttled entries retried"));
        return 0;
    }

    private static bool TryEventsPerRecord(string text, out int min, out int max)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var ok = dash < 0
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out min) & int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out max)
            : int.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out min) & int.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out max);
        return ok && min >= 1 && max >= min;
    }
}
