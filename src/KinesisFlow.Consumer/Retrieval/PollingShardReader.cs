using KinesisFlow.Aws;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Pacing;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// Reads a shard with GetRecords, paced by <see cref="ReadPacer"/> within the shard's read budget. Throttling backs off;
/// an expired iterator is re-acquired AFTER_SEQUENCE_NUMBER of the last record delivered (or at the start position
/// when nothing was delivered yet), so nothing is skipped or repeated.
/// </summary>
internal sealed partial class PollingShardReader : IShardReader
{
    private readonly IKinesisClient _client;
    private readonly StreamAddress _stream;
    private readonly string _streamName;
    private readonly string _shardId;
    private readonly StartingPosition _start;
    private readonly int _limit;
    private readonly ReadPacer _pacer;
    private readonly TimeProvider _time;
    private readonly ConsumerInstruments _telemetry;
    private readonly ILogger _logger;
    private string? _iterator;
    private string? _lastDelivered;

    public PollingShardReader(
        IKinesisClient client,
        string streamName,
        string shardId,
        StartingPosition start,
        ReadBudget budget,
        int limit,
        TimeProvider time,
        ConsumerInstruments telemetry,
        ILogger logger)
    {
        _client = client;
        _stream = StreamAddress.ByName(streamName);
        _streamName = streamName;
        _shardId = shardId;
        _start = start;
        _limit = limit;
        _pacer = new ReadPacer(budget);
        _time = time;
        _telemetry = telemetry;
        _logger = logger;
    }

    public async ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = _pacer.DelayBeforeNextRead(_time.Monotonic());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            _iterator ??= await _client.GetShardIteratorAsync(new GetShardIteratorRequest(_stream, _shardId, ResumePosition()), cancellationToken);
            _pacer.OnReadStarted(_time.Monotonic());
            _telemetry.GetRecordsCalled(_streamName, _shardId);
            GetRecordsResponse response;
            try
            {
                response = await _client.GetRecordsAsync(new GetRecordsRequest(_iterator, _limit), cancellationToken);
            }
            catch (AwsServiceException exception) when (exception.Is("ProvisionedThroughputExceededException"))
            {
                _pacer.OnThrottled(_time.Monotonic());
                _telemetry.GetRecordsThrottled(_streamName, _shardId);
                LogThrottled(_shardId, _pacer.ThrottlesInARow);
                continue;
            }
            catch (AwsServiceException exception) when (exception.Is("ExpiredIteratorException"))
            {
                _iterator = null;
                _telemetry.IteratorExpired(_streamName, _shardId);
                LogIteratorExpired(_shardId, _lastDelivered);
                continue;
            }

            return Accept(response);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ShardReadResult Accept(GetRecordsResponse response)
    {
        _iterator = response.NextShardIterator;
        var records = response.Records;
        if (records.Count > 0)
        {
            _lastDelivered = records[^1].SequenceNumber;
        }

        var result = new ShardReadResult(records, response.MillisBehindLatest, _iterator is null, response.ChildShards ?? []);
        var caughtUp = records.Count == 0 || response.MillisBehindLatest is 0;
        _pacer.OnReadCompleted(_time.Monotonic(), result.Bytes, caughtUp);
        return result;
    }

    private StartingPosition ResumePosition() =>
        _lastDelivered is { } sequence ? StartingPosition.AfterSequenceNumber(sequence) : _start;

    [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "Shard {ShardId}: GetRecords throttled ({ThrottlesInARow} in a row); backing off")]
    private partial void LogThrottled(string shardId, int throttlesInARow);

    [LoggerMessage(EventId = 332, Level = LogLevel.Information, Message = "Shard {ShardId}: the iterator expired; resuming after {LastDelivered} (at the start position when none)")]
    private partial void LogIteratorExpired(string shardId, string? lastDelivered);
}
