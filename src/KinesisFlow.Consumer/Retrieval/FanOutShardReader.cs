using KinesisFlow.Aws;
using KinesisFlow.Coordination.Retries;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Consumer.Retrieval;

/// <summary>
/// Reads a shard through enhanced fan-out. One SubscribeToShard at a time, renewed before its 5 minutes end from the
/// last ContinuationSequenceNumber; errors resubscribe with backoff, and a consumer that is gone, or
/// <see cref="FanOutSettings.FailuresBeforePolling"/> failed subscriptions in a row, fall back to polling. A failure
/// counts until a subscription delivers a record or reaches its natural end: heartbeat (empty) events alone do not
/// reset it, so a subscription that fails the same way after each resubscription cannot retry forever. A shard that
/// ListShards reports closed while no ChildShards event came is drained with GetRecords to its true end: kinesis-mock
/// never signals the end over fan-out, and no consumer may hang on a missing event.
/// </summary>
internal sealed partial class FanOutShardReader : IShardReader
{
    private readonly IKinesisClient _client;
    private readonly FanOutSettings _settings;
    private readonly string _shardId;
    private readonly StartingPosition _start;
    private readonly Func<StartingPosition, IShardReader> _createPollingReader;
    private readonly TimeProvider _time;
    private readonly Func<double> _draw;
    private readonly ILogger _logger;
    private CancellationTokenSource? _subscription;
    private IAsyncEnumerator<SubscribeToShardEvent>? _events;
    private Task<bool>? _pendingEvent;
    private TimeSpan _subscribedAt;
    private TimeSpan _lastClosedCheck;
    private string? _continuation;
    private int _failuresInARow;
    private IShardReader? _polling;

    public FanOutShardReader(
        IKinesisClient client,
        FanOutSettings settings,
        string shardId,
        StartingPosition start,
        Func<StartingPosition, IShardReader> createPollingReader,
        TimeProvider time,
        ILogger logger,
        Func<double>? draw = null)
    {
        _client = client;
        _settings = settings;
        _shardId = shardId;
        _start = start;
        _createPollingReader = createPollingReader;
        _time = time;
        _logger = logger;
        _draw = draw ?? Random.Shared.NextDouble;
        _lastClosedCheck = time.Monotonic();
    }

    public async ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        while (_polling is null)
        {
            if (_events is null || (_pendingEvent is null && _time.Monotonic() - _subscribedAt >= _settings.Renewal))
            {
                if (_events is not null)
                {
                    // This subscription lived its whole length: whatever failed before it is over.
                    _failuresInARow = 0;
                }

                await CloseSubscriptionAsync();
                Subscribe(cancellationToken);
            }

            _pendingEvent ??= _events!.MoveNextAsync().AsTask();
            var untilCheck = _settings.ClosedCheckInterval - (_time.Monotonic() - _lastClosedCheck);
            if (untilCheck > TimeSpan.Zero)
            {
                var tick = Task.Delay(untilCheck, _time, cancellationToken);
                if (await Task.WhenAny(_pendingEvent, tick) == _pendingEvent)
                {
                    if (await TakeEventAsync(cancellationToken) is { } result)
                    {
                        return result;
                    }

                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
            }

            _lastClosedCheck = _time.Monotonic();
            if (await IsClosedAsync(cancellationToken))
            {
                LogDrainingClosedShard(_shardId);
                await SwitchToPollingAsync();
            }
        }

        return await _polling.ReadAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseSubscriptionAsync();
        if (_polling is not null)
        {
            await _polling.DisposeAsync();
        }
    }

    /// <summary>Consumes the event that arrived; null when the subscription ended or failed (the loop resubscribes).</summary>
    private async Task<ShardReadResult?> TakeEventAsync(CancellationToken cancellationToken)
    {
        var pending = _pendingEvent!;
        _pendingEvent = null;
        bool hasEvent;
        try
        {
            hasEvent = await pending;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await OnSubscriptionFailedAsync(exception, cancellationToken);
            return null;
        }

        if (!hasEvent)
        {
            // The service ends every subscription after about 5 minutes: renew from the continuation.
            _failuresInARow = 0;
            await CloseSubscriptionAsync();
            return null;
        }

        var shardEvent = _events!.Current;
        if (shardEvent.Records.Count > 0)
        {
            _failuresInARow = 0;
        }

        if (shardEvent.ContinuationSequenceNumber is { } continuation)
        {
            _continuation = continuation;
        }

        var ended = shardEvent.ChildShards.Count > 0;
        if (ended)
        {
            await CloseSubscriptionAsync();
        }

        return new ShardReadResult(shardEvent.Records, shardEvent.MillisBehindLatest, ended, shardEvent.ChildShards);
    }

    private async Task OnSubscriptionFailedAsync(Exception exception, CancellationToken cancellationToken)
    {
        await CloseSubscriptionAsync();
        _failuresInARow++;
        var consumerGone = exception is AwsServiceException aws && aws.Is("ResourceNotFoundException");
        if (consumerGone || _failuresInARow >= _settings.FailuresBeforePolling)
        {
            LogFallingBackToPolling(exception, _shardId, _failuresInARow);
            await SwitchToPollingAsync();
            return;
        }

        // ResourceInUseException means a subscription of ours is still open or was renewed within 5 s: waiting fixes both.
        var delay = _settings.Resubscribe.DelayAfter(_failuresInARow, _draw());
        LogResubscribing(exception, _shardId, delay);
        await Task.Delay(delay, _time, cancellationToken);
    }

    private void Subscribe(CancellationToken cancellationToken)
    {
        _subscription = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new SubscribeToShardRequest(_settings.ConsumerArn, _shardId, ResumePosition());
        _events = _client.SubscribeToShardAsync(request, _subscription.Token).GetAsyncEnumerator(_subscription.Token);
        _subscribedAt = _time.Monotonic();
    }

    private async Task<bool> IsClosedAsync(CancellationToken cancellationToken)
    {
        var shards = await _client.ListAllShardsAsync(StreamAddress.ByName(_settings.StreamName), null, cancellationToken);
        for (var i = 0; i < shards.Count; i++)
        {
            if (shards[i].ShardId == _shardId)
            {
                return shards[i].IsClosed;
            }
        }

        // A shard no longer listed was trimmed away after it closed: draining reads what is left, or ends at once.
        return true;
    }

    private async Task SwitchToPollingAsync()
    {
        var position = ResumePosition();
        await CloseSubscriptionAsync();
        _polling = _createPollingReader(position);
    }

    private StartingPosition ResumePosition() =>
        _continuation is { } continuation ? StartingPosition.AfterSequenceNumber(continuation) : _start;

    private async Task CloseSubscriptionAsync()
    {
        if (_subscription is null)
        {
            return;
        }

        await _subscription.CancelAsync();
        if (_pendingEvent is not null)
        {
            // The cancelled read ends with an OperationCanceledException (or the error that was already coming): neither matters now.
            await _pendingEvent.ContinueWith(static _ => { }, TaskScheduler.Default);
            _pendingEvent = null;
        }

        if (_events is not null)
        {
            try
            {
                await _events.DisposeAsync();
            }
            catch (OperationCanceledException)
            {
                // Disposing a cancelled subscription reports the cancellation we asked for.
            }

            _events = null;
        }

        _subscription.Dispose();
        _subscription = null;
    }

    [LoggerMessage(EventId = 341, Level = LogLevel.Information, Message = "Shard {ShardId} is closed but no ChildShards event came; draining the rest with GetRecords")]
    private partial void LogDrainingClosedShard(string shardId);

    [LoggerMessage(EventId = 342, Level = LogLevel.Warning, Message = "Shard {ShardId}: the fan-out subscription failed; resubscribing in {Delay}")]
    private partial void LogResubscribing(Exception exception, string shardId, TimeSpan delay);

    [LoggerMessage(EventId = 343, Level = LogLevel.Warning, Message = "Shard {ShardId}: falling back to polling after {Failures} failed fan-out subscription(s) in a row (or the consumer is gone); reading with GetRecords until the shard task restarts")]
    private partial void LogFallingBackToPolling(Exception exception, string shardId, int failures);
}

/// <summary>What every fan-out reader of the stream shares: the registered consumer, the renewal timings, and how failures are retried.</summary>
internal sealed record FanOutSettings(string StreamName, string ConsumerArn, TimeSpan Renewal, TimeSpan ClosedCheckInterval)
{
    /// <summary>Failed subscriptions in a row after which the shard reads with GetRecords instead.</summary>
    public int FailuresBeforePolling { get; init; } = 5;

    /// <summary>The wait before resubscribing after failures in a row (<c>Kinesis:ResubscribeDelay</c> … <c>MaxResubscribeDelay</c>).</summary>
    public ExponentialBackoff Resubscribe { get; init; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
}
