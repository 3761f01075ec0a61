using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// Creates each shard's reader in the configured mode. In fan-out mode <see cref="PrepareAsync"/> registers (or reuses)
/// the stream consumer once at start-up, before any shard task runs.
/// </summary>
internal sealed class ShardReaderFactory(
    IKinesisClient client,
    IOptions<KinesisFlowOptions> options,
    StreamConsumerRegistration registration,
    TimeProvider time,
    ConsumerInstruments telemetry,
    ILoggerFactory loggerFactory) : IShardReaderFactory
{
    private readonly KinesisOptions _kinesis = options.Value.Kinesis;
    private FanOutSettings? _fanOut;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_kinesis.Mode != RetrievalMode.FanOut)
        {
            return;
        }

        var arn = await registration.EnsureAsync(_kinesis.StreamName!, _kinesis.ConsumerName, cancellationToken);
        _fanOut = new FanOutSettings(_kinesis.StreamName!, arn, _kinesis.SubscriptionRenewal, _kinesis.ShardClosedCheckInterval)
        {
            FailuresBeforePolling = _kinesis.SubscriptionFailuresBeforePolling,
            Resubscribe = _kinesis.ToResubscribeBackoff(),
        };
    }

    public IShardReader Create(string shardId, StartingPosition start)
    {
        if (_kinesis.Mode == RetrievalMode.Polling)
        {
            return CreatePolling(shardId, start);
        }

        var fanOut = _fanOut ?? throw new InvalidOperationException("The fan-out consumer is not registered yet: PrepareAsync runs at start-up.");
        return new FanOutShardReader(
            client,
            fanOut,
            shardId,
            start,
            position => CreatePolling(shardId, position),
            time,
            loggerFactory.CreateLogger<FanOutShardReader>());
    }

    private PollingShardReader CreatePolling(string shardId, StartingPosition start) => new(
        client,
        _kinesis.StreamName!,
        shardId,
        start,
        _kinesis.ToReadBudget(),
        _kinesis.MaxRecordsPerRead,
        time,
        telemetry,
        loggerFactory.CreateLogger<PollingShardReader>());
}
