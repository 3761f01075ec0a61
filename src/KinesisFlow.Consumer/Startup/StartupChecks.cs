using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.FlowLogs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Startup;

/// <summary>
/// What must hold before the host reports started: credentials resolve, the stream exists, the lease table exists
/// (or was created), and in fan-out mode the stream consumer is registered. Each failure is one clear sentence.
/// </summary>
internal sealed partial class StartupChecks(
    IKinesisClient kinesis,
    ILeaseWorker leases,
    ShardReaderFactory readers,
    AwsClientOptions aws,
    FlowLogFormats formats,
    IOptions<KinesisFlowOptions> options,
    ILogger<StartupChecks> logger)
{
    // Each unknown field and unusable log group is warned about once, configured or discovered.
    private readonly HashSet<string> _formatWarnings = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        WarnAboutFormats();
        var streamName = options.Value.Kinesis.StreamName!;
        await Check("AWS credentials", () => AwsCredentialsFactory.CheckAsync(aws, cancellationToken));
        await Check($"stream '{streamName}'", async () =>
        {
            StreamSummary summary;
            try
            {
                summary = await kinesis.DescribeStreamSummaryAsync(StreamAddress.ByName(streamName), cancellationToken);
            }
            catch (AwsServiceException exception) when (exception.Is("ResourceNotFoundException"))
            {
                throw new StartupCheckException(
                    $"Stream '{streamName}' does not exist (KinesisFlow:Kinesis:StreamName / --stream; region and --endpoint-url decide where it is looked up).",
                    exception);
            }

            LogStreamFound(streamName, summary.StreamStatus, summary.OpenShardCount);
        });
        await Check($"lease table '{options.Value.Leases.TableName}'", () => leases.EnsureTableAsync(cancellationToken));
        await Check("enhanced fan-out consumer", () => readers.PrepareAsync(cancellationToken));
        if (options.Value.FlowLogs.DiscoverFormats)
        {
            await Check("flow log format discovery (EC2 DescribeFlowLogs)", () => DiscoverFormatsAsync(cancellationToken));
        }
    }

    private async Task DiscoverFormatsAsync(CancellationToken cancellationToken)
    {
        // EC2 has its own endpoint: everything else (region, credentials, FIPS, dual-stack, retries) is the Kinesis client's.
        using var discovery = FlowLogFormatDiscovery.Create(aws.AtEndpoint(null));
        var map = FlowLogFormatMap.From(await discovery.DiscoverAsync(cancellationToken));
        formats.AddDiscovered(map.Formats);
        WarnAboutFormats();
        foreach (var (logGroup, conflicting) in map.Conflicts)
        {
            LogFormatConflict(logGroup, string.Join(" | ", conflicting));
        }

        LogFormatsDiscovered(map.Formats.Count);
    }

    private void WarnAboutFormats()
    {
        foreach (var warning in FormatWarnings.Describe(formats.Current, _formatWarnings))
        {
            LogFormatWarning(warning);
        }
    }

    private static async Task Check(string what, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (StartupCheckException)
        {
            throw;
        }
        catch (HttpRequestException exception)
        {
            // Nothing listens there, the name does not resolve, or TLS failed: the endpoint or the network is at fault.
            throw new StartupCheckException(
                $"Start-up check of the {what} failed: cannot reach its endpoint ({exception.Message}); check --endpoint-url / --dynamodb-endpoint-url, --region and the network.",
                exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new StartupCheckException($"Start-up check of the {what} failed: {exception.Message}", exception);
        }
    }

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "{Warning}")]
    private partial void LogFormatWarning(string warning);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Discovered the flow log format of {LogGroups} log groups")]
    private partial void LogFormatsDiscovered(int logGroups);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Log group {LogGroup} receives flow logs of several formats ({Formats}); configure KinesisFlow:FlowLogs:Formats for it")]
    private partial void LogFormatConflict(string logGroup, string formats);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Stream {StreamName} is {Status} with {OpenShards} open shards")]
    private partial void LogStreamFound(string streamName, string status, int openShards);
}
