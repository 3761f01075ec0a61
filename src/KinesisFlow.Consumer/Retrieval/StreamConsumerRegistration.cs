using KinesisFlow.Aws;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// Registers the enhanced fan-out consumer on the stream, or reuses it when it exists (every instance of the
/// application shares one consumer, as KCL does), and waits until it is ACTIVE.
/// </summary>
internal sealed partial class StreamConsumerRegistration(IKinesisClient client, TimeProvider time, ILogger<StreamConsumerRegistration> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<string> EnsureAsync(string streamName, string consumerName, CancellationToken cancellationToken)
    {
        var summary = await client.DescribeStreamSummaryAsync(StreamAddress.ByName(streamName), cancellationToken);
        var consumers = await client.ListAllStreamConsumersAsync(summary.StreamArn, cancellationToken);
        string? arn = null;
        foreach (var consumer in consumers)
        {
            if (consumer.ConsumerName == consumerName)
            {
                arn = consumer.ConsumerArn;
            }
        }

        if (arn is null)
        {
            try
            {
                arn = (await client.RegisterStreamConsumerAsync(summary.StreamArn, consumerName, cancellationToken)).ConsumerArn;
                LogRegistered(consumerName, streamName);
            }
            catch (AwsServiceException exception) when (exception.Is("ResourceInUseException"))
            {
                // Another instance registered it at the same moment: use theirs.
                arn = (await client.DescribeStreamConsumerAsync(StreamConsumerAddress.ByName(summary.StreamArn, consumerName), cancellationToken)).ConsumerArn;
            }
        }

        await client.WaitForConsumerActiveAsync(StreamConsumerAddress.ByArn(arn), time, PollInterval, cancellationToken);
        return arn;
    }

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Registered the enhanced fan-out consumer {ConsumerName} on stream {StreamName}")]
    private partial void LogRegistered(string consumerName, string streamName);
}
