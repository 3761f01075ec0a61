using Amazon.Runtime;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Supervision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Startup;

/// <summary>
/// What must hold before the host reports started: credentials resolve, the stream exists, the lease table exists
/// (or was created), and in fan-out mode the stream consumer is registered. Each failure is one clear sentence.
/// </summary>
internal sealed partial class StartupChecks(
    AWSCredentials credentials,
    IKinesisClient kinesis,
    ILeaseWorker leases,
    ShardReaderFactory readers,
    IOptions<KinesisFlowOptions> options,
    ILogger<StartupChecks> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var streamName = options.Value.Kinesis.StreamName!;
        await Check("AWS credentials", () => AwsCredentialsFactory.CheckAsync(credentials, cancellationToken));
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
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new StartupCheckException($"Start-up check of the {what} failed: {exception.Message}", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {StreamName} is {Status} with {OpenShards} open shards")]
    private partial void LogStreamFound(string streamName, string status, int openShards);
}
